import { Alert } from '@mantine/core';
import { ImportClusterForm } from '../../../../components/clusters/import-cluster-form';
import { requireViewer } from '../../../../server/session';

export const dynamic = 'force-dynamic';

/** Import a cluster from a kubeconfig (admins only; the API enforces it too). */
export default async function ImportClusterPage() {
  const viewer = await requireViewer();
  if (!viewer.can.administer) {
    return (
      <Alert color="red" title="Not allowed" role="alert">
        Only admins can import clusters.
      </Alert>
    );
  }
  return <ImportClusterForm />;
}

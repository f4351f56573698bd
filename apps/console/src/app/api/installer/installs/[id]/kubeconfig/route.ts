import { apiRoute } from '../../../../../../server/api';
import { recordAudit } from '../../../../../../server/audit';
import { downloadResponse, installerFor } from '../../../../../../server/installer/installer-routes';
import { servicePath } from '../../../../../../server/installer/installer-client';

export const dynamic = 'force-dynamic';

/** `GET /api/installer/installs/:id/kubeconfig` (admins): the installed cluster's admin kubeconfig, audited. */
export const GET = apiRoute<{ id: string }>('administer', async ({ params, runtime, session }) => {
  const res = await installerFor(session).ok('GET', servicePath`/v1/installs/${params.id}/kubeconfig`, { headers: { accept: 'application/yaml' } });
  await recordAudit(runtime.store, session, 'installer.install.kubeconfig', `install/${params.id}`, 'downloaded the admin kubeconfig');
  return downloadResponse(res, `${params.id}-kubeconfig`);
});

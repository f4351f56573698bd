import { NodesView } from '../../../../../components/nodes/nodes-view';

export const dynamic = 'force-dynamic';

/** Nodes: status, roles, OS image, addresses, age; cordon, uncordon, drain. */
export default async function NodesPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <NodesView clusterId={id} />;
}

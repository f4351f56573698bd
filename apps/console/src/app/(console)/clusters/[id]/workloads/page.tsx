import { WorkloadsView } from '../../../../../components/workloads/workloads-view';

export const dynamic = 'force-dynamic';

/** Deployments, StatefulSets and DaemonSets: scale, rollout restart, delete, YAML. */
export default async function WorkloadsPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <WorkloadsView clusterId={id} />;
}

import { PodsView } from '../../../../../components/pods/pods-view';

export const dynamic = 'force-dynamic';

/** Pods: phase, node, restarts; live and virtualized for clusters with thousands of pods. */
export default async function PodsPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <PodsView clusterId={id} />;
}

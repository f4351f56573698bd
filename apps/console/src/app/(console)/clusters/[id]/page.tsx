import { OverviewView } from '../../../../components/clusters/overview-view';

export const dynamic = 'force-dynamic';

/** Cluster overview: control-plane health, node and pod counts, recent warnings. */
export default async function ClusterOverviewPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <OverviewView clusterId={id} />;
}

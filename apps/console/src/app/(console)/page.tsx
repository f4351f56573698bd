import { ClustersView } from '../../components/clusters/clusters-view';
import type { ClustersAnswer } from '../../lib/fleet';
import { clusterSummaries, platformLicense } from '../../server/fleet';

export const dynamic = 'force-dynamic';

/** The clusters list: every registered cluster with version, nodes, health and the license status. */
export default async function ClustersPage() {
  const initial: ClustersAnswer = {
    clusters: await clusterSummaries(),
    license: await platformLicense().catch(() => null),
  };
  return <ClustersView initial={initial} />;
}

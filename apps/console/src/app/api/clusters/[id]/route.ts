import { InputError, NotFoundError } from '@strata/errors';
import { forgetClusterConnections, getCluster, removeCluster } from '@strata/console-server';
import { apiRoute } from '../../../../server/api';
import { recordAudit } from '../../../../server/audit';
import { clusterSummaries } from '../../../../server/fleet';

export const dynamic = 'force-dynamic';

/** One cluster's summary. */
export const GET = apiRoute<{ id: string }>('view', async ({ params }) => {
  const summary = (await clusterSummaries()).find((c) => c.id === params.id);
  if (!summary) throw new NotFoundError(`no cluster ${params.id}`);
  return summary;
});

/**
 * Removes an imported cluster from the console (admins only); the cluster itself is not
 * touched. Clusters installed by `strata install` stay while the installer registers them.
 */
export const DELETE = apiRoute<{ id: string }>('administer', async ({ params, runtime, session }) => {
  const cluster = await getCluster(runtime.store, params.id);
  if (!cluster) throw new NotFoundError(`no cluster ${params.id}`);
  if (cluster.source === 'installer') {
    throw new InputError(`cluster ${cluster.name} was installed by strata install and is registered by it; remove it with strata destroy`, [
      { path: 'id', message: 'installed clusters leave the console when they are destroyed' },
    ]);
  }
  await removeCluster(runtime.store, params.id);
  forgetClusterConnections(params.id);
  await recordAudit(runtime.store, session, 'cluster.remove', params.id);
  await clusterSummaries({ fresh: true });
  return { ok: true };
});

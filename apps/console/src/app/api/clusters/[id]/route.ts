import { NotFoundError } from '@strata/errors';
import { removeCluster } from '@strata/console-server';
import { apiRoute } from '../../../../server/api';
import { recordAudit } from '../../../../server/audit';
import { forgetConnection } from '../../../../server/connections';
import { clusterSummaries } from '../../../../server/fleet';

export const dynamic = 'force-dynamic';

/** One cluster's summary. */
export const GET = apiRoute<{ id: string }>('view', async ({ params }) => {
  const summary = (await clusterSummaries()).find((c) => c.id === params.id);
  if (!summary) throw new NotFoundError(`no cluster ${params.id}`);
  return summary;
});

/** Removes a cluster from the console (admins only); the cluster itself is not touched. */
export const DELETE = apiRoute<{ id: string }>('administer', async ({ params, runtime, session }) => {
  await removeCluster(runtime.store, params.id);
  forgetConnection(params.id);
  await recordAudit(runtime.store, session, 'cluster.remove', params.id);
  await clusterSummaries({ fresh: true });
  return { ok: true };
});

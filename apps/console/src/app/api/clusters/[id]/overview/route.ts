import { userConnection } from '@strata/console-server';
import { clusterOverview } from '@strata/k8s';
import { apiRoute } from '../../../../../server/api';

export const dynamic = 'force-dynamic';

/** A cluster's vital signs: version, control-plane checks, node and pod counts, recent warnings. */
export const GET = apiRoute<{ id: string }>('view', async ({ params, runtime, session }) => {
  const conn = await userConnection(runtime.store, params.id, session.user);
  return clusterOverview(conn);
});

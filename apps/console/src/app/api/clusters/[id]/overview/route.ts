import { clusterOverview } from '@strata/k8s';
import { apiRoute } from '../../../../../server/api';
import { connectionFor } from '../../../../../server/connections';

export const dynamic = 'force-dynamic';

/** A cluster's vital signs: version, control-plane checks, node and pod counts, recent warnings. */
export const GET = apiRoute<{ id: string }>('view', async ({ params, runtime, session }) => {
  const conn = await connectionFor(runtime.store, params.id, session.user);
  return clusterOverview(conn);
});

import { InstallSnapshotSchema } from '@strata/install-contract';
import { apiRoute } from '../../../../../server/api';
import { installerFor, withConsoleCluster } from '../../../../../server/installer/installer-routes';
import { servicePath } from '../../../../../server/installer/installer-client';

export const dynamic = 'force-dynamic';

/** `GET /api/installer/installs/:id`: the install's snapshot, with the console's id of the cluster once it is registered. */
export const GET = apiRoute<{ id: string }>('view', async ({ params, runtime, session }) => {
  const { body } = await installerFor(session).json('GET', servicePath`/v1/installs/${params.id}`, InstallSnapshotSchema);
  return withConsoleCluster(runtime.store, body);
});

import { DestroyRequestSchema, InstallSnapshotSchema } from '@strata/install-contract';
import { apiRoute } from '../../../../../../server/api';
import { recordAudit } from '../../../../../../server/audit';
import { parseBody } from '../../../../../../server/body';
import { installerFor } from '../../../../../../server/installer/installer-routes';
import { servicePath } from '../../../../../../server/installer/installer-client';

export const dynamic = 'force-dynamic';

/** `POST /api/installer/installs/:id/destroy {confirm: "<cluster name>"}` (admins): deletes everything the install created. */
export const POST = apiRoute<{ id: string }>('administer', async ({ req, params, runtime, session }) => {
  const body = await parseBody(req, DestroyRequestSchema);
  const { body: snapshot } = await installerFor(session).json('POST', servicePath`/v1/installs/${params.id}/destroy`, InstallSnapshotSchema, { json: body });
  await recordAudit(runtime.store, session, 'installer.install.destroy', `install/${params.id}`, `cluster ${snapshot.cluster}`);
  return Response.json(snapshot, { status: 202, headers: { 'cache-control': 'no-store' } });
});

import { InstallSnapshotSchema } from '@strata/install-contract';
import { apiRoute } from '../../../../../../server/api';
import { recordAudit } from '../../../../../../server/audit';
import { installerFor } from '../../../../../../server/installer/installer-routes';
import { servicePath } from '../../../../../../server/installer/installer-client';

export const dynamic = 'force-dynamic';

/** `POST /api/installer/installs/:id/cancel`: stops a running install at its next safe point. */
export const POST = apiRoute<{ id: string }>('operate', async ({ params, runtime, session }) => {
  const { body } = await installerFor(session).json('POST', servicePath`/v1/installs/${params.id}/cancel`, InstallSnapshotSchema);
  await recordAudit(runtime.store, session, 'installer.install.cancel', `install/${params.id}`, `cluster ${body.cluster}`);
  return Response.json(body, { status: 202, headers: { 'cache-control': 'no-store' } });
});

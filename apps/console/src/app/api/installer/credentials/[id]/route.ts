import { apiRoute } from '../../../../../server/api';
import { recordAudit } from '../../../../../server/audit';
import { installerFor } from '../../../../../server/installer/installer-routes';
import { servicePath } from '../../../../../server/installer/installer-client';

export const dynamic = 'force-dynamic';

/** `DELETE /api/installer/credentials/:id`: forgets a stored credential (409 while an unfinished install uses it). */
export const DELETE = apiRoute<{ id: string }>('operate', async ({ params, runtime, session }) => {
  await installerFor(session).ok('DELETE', servicePath`/v1/credentials/${params.id}`);
  await recordAudit(runtime.store, session, 'installer.credential.delete', `credential/${params.id}`);
  return new Response(null, { status: 204, headers: { 'cache-control': 'no-store' } });
});

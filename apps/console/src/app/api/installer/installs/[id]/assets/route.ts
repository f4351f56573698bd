import { can } from '@strata/console-server';
import { NotAllowedError } from '@strata/errors';
import { apiRoute } from '../../../../../../server/api';
import { recordAudit } from '../../../../../../server/audit';
import { downloadResponse, installerFor } from '../../../../../../server/installer/installer-routes';
import { servicePath } from '../../../../../../server/installer/installer-client';

export const dynamic = 'force-dynamic';

/**
 * `GET /api/installer/installs/:id/assets[?secrets=true]`: the install's asset directory as a
 * `.tar.gz`, without private keys and kubeconfigs; with `secrets=true` (admins only, audited)
 * with them.
 */
export const GET = apiRoute<{ id: string }>('view', async ({ req, params, runtime, session }) => {
  const secrets = req.nextUrl.searchParams.get('secrets') === 'true';
  if (secrets && !can(session.user.role, 'administer'))
    throw new NotAllowedError(`your role (${session.user.role}) may not download private keys; an admin can`);
  const res = await installerFor(session).ok('GET', `${servicePath`/v1/installs/${params.id}/assets`}${secrets ? '?secrets=true' : ''}`, {
    headers: { accept: 'application/gzip' },
  });
  if (secrets)
    await recordAudit(runtime.store, session, 'installer.install.assets', `install/${params.id}`, 'downloaded the assets with private keys and kubeconfigs');
  return downloadResponse(res, `${params.id}-assets${secrets ? '-with-secrets' : ''}.tar.gz`);
});

import { apiRoute } from '../../../../../../server/api';
import { downloadResponse, installerFor } from '../../../../../../server/installer/installer-routes';
import { servicePath } from '../../../../../../server/installer/installer-client';

export const dynamic = 'force-dynamic';

/** `GET /api/installer/installs/:id/logs`: the install log (secrets redacted by the service), as a text download. */
export const GET = apiRoute<{ id: string }>('view', async ({ params, session }) => {
  const res = await installerFor(session).ok('GET', servicePath`/v1/installs/${params.id}/logs`, { headers: { accept: 'text/plain' } });
  return downloadResponse(res, `${params.id}-install.log`);
});

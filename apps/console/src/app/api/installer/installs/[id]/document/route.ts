import { apiRoute } from '../../../../../../server/api';
import { downloadResponse, installerFor } from '../../../../../../server/installer/installer-routes';
import { servicePath } from '../../../../../../server/installer/installer-client';

export const dynamic = 'force-dynamic';

/** `GET /api/installer/installs/:id/document`: the Cluster document as it was submitted, as a YAML download. */
export const GET = apiRoute<{ id: string }>('view', async ({ params, session }) => {
  const res = await installerFor(session).ok('GET', servicePath`/v1/installs/${params.id}/document`, { headers: { accept: 'application/yaml' } });
  return downloadResponse(res, `${params.id}-cluster.yaml`);
});

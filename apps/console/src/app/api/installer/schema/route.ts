import { z } from 'zod';
import { apiRoute } from '../../../../server/api';
import { installerFor } from '../../../../server/installer/installer-routes';

export const dynamic = 'force-dynamic';

/** `GET /api/installer/schema`: the Cluster JSON Schema of the installer service. */
export const GET = apiRoute('view', async ({ session }) => {
  const { body } = await installerFor(session).json('GET', '/v1/schema', z.record(z.string(), z.unknown()));
  return body;
});

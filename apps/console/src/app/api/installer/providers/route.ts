import { z } from 'zod';
import { ProviderSchema } from '@strata/install-contract';
import { apiRoute } from '../../../../server/api';
import { installerFor } from '../../../../server/installer/installer-routes';

export const dynamic = 'force-dynamic';

/** `GET /api/installer/providers`: the platforms the installer service can install on, with credential kinds, lookups, machine types and prices. */
export const GET = apiRoute('view', async ({ session }) => {
  const { body } = await installerFor(session).json('GET', '/v1/providers', z.object({ items: z.array(ProviderSchema) }));
  return body;
});

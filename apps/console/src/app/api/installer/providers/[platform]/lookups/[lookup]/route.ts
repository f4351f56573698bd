import { z } from 'zod';
import { LookupItemSchema, LookupRequestSchema } from '@strata/install-contract';
import { apiRoute } from '../../../../../../../server/api';
import { parseBody } from '../../../../../../../server/body';
import { installerFor } from '../../../../../../../server/installer/installer-routes';
import { servicePath } from '../../../../../../../server/installer/installer-client';

export const dynamic = 'force-dynamic';

/**
 * `POST /api/installer/providers/:platform/lookups/:lookup {credentialId?, platform?}`: the
 * choices of one form field (regions, zones, …) read live from the provider with a stored credential.
 */
export const POST = apiRoute<{ platform: string; lookup: string }>('operate', async ({ req, params, session }) => {
  const body = await parseBody(req, LookupRequestSchema);
  const { body: items } = await installerFor(session).json(
    'POST',
    servicePath`/v1/providers/${params.platform}/lookups/${params.lookup}`,
    z.object({ items: z.array(LookupItemSchema) }),
    { json: body },
  );
  return items;
});

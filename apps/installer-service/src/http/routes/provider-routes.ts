import { LookupItemSchema, LookupRequestSchema, ProviderSchema } from '@strata/install-contract';
import { z } from 'zod';
import { NotFoundError } from '@strata/errors';
import type { ServiceContext } from '../../services/context';
import { openCredential } from '../../services/credentials';
import { catalogOf, driverOfPlatform, listProviders } from '../../services/providers';
import { defineRoute, type AnyRouteSpec } from '../route';
import { LookupParams } from './params';

/** The platforms of this build and the live lookups their forms fill choices from. */
export function providerRoutes(ctx: ServiceContext): AnyRouteSpec[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/v1/providers',
      action: 'providers.list',
      summary: 'The platforms of this build: credential kinds, lookups, machine types, prices',
      responses: { 200: { description: 'Every provider.', schema: z.strictObject({ items: z.array(ProviderSchema) }) } },
      role: 'viewer',
      handler: async () => ({ items: await listProviders() }),
    }),
    defineRoute({
      method: 'POST',
      url: '/v1/providers/:platform/lookups/:lookup',
      action: 'provider.lookup',
      summary: 'The choices of one lookup (regions, zones, …), read live from the provider',
      responses: {
        200: { description: 'The choices.', schema: z.strictObject({ items: z.array(LookupItemSchema) }) },
        404: { description: 'The platform has no such lookup.' },
      },
      role: 'operator',
      params: LookupParams,
      body: LookupRequestSchema,
      target: ({ params }) => `${params.platform}/${params.lookup}`,
      handler: async ({ params, body }) => {
        const driver = await driverOfPlatform(params.platform, 'params.platform');
        const catalog = catalogOf(driver, 'lookups');
        if (!catalog.lookups.includes(params.lookup)) {
          throw new NotFoundError(`the ${params.platform} driver has no lookup ${params.lookup}; it has: ${catalog.lookups.join(', ') || 'none'}`);
        }
        const stored = body.credentialId ? await openCredential(ctx, body.credentialId) : undefined;
        // The form's platform section wins over the settings the credential was verified in.
        const platform = { ...stored?.platformSettings, ...body.platform };
        const items = await catalog.lookup(params.lookup, { ...(stored ? { credential: stored.credential } : {}), platform });
        return { items: items.map((i) => ({ value: i.value, title: i.title })) };
      },
    }),
  ];
}

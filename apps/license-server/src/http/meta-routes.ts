import { z } from 'zod';
import type { ServiceContext } from '../services/context';
import { defineRoute, type AnyRouteSpec } from './route';

/** Health and the public signing keys. (/openapi.json is registered by the app itself.) */
export function metaRoutes(ctx: ServiceContext): AnyRouteSpec[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/healthz',
      operationId: 'health',
      summary: 'Liveness and database reachability',
      tag: 'meta',
      access: 'public',
      responses: { 200: { description: 'Serving.', schema: z.object({ ok: z.literal(true), database: z.string() }) } },
      handler: async () => {
        await ctx.store.db.query('SELECT 1 AS one');
        return { ok: true, database: ctx.store.db.dialect };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/.well-known/jwks.json',
      operationId: 'signingKeys',
      summary: 'Public keys of the keys this server signs licenses with (JWKS)',
      tag: 'meta',
      access: 'public',
      responses: {
        200: {
          description: 'A JWKS; list it in STRATA_LICENSE_TRUSTED_KEYS of products that should trust this server.',
          schema: z.object({ keys: z.array(z.record(z.string(), z.string())) }),
        },
      },
      handler: async () => ctx.signingKey.jwks,
    }),
  ] as AnyRouteSpec[];
}

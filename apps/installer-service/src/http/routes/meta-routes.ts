import { clusterJsonSchema } from '@strata/cluster-config';
import { z } from 'zod';
import { defineRoute, type AnyRouteSpec } from '../route';

/** The health check (no token) and the Cluster JSON Schema forms validate with. */
export function metaRoutes(): AnyRouteSpec[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/healthz',
      action: 'health',
      summary: 'Whether the service answers',
      responses: { 200: { description: 'The service answers.', schema: z.strictObject({ ok: z.literal(true) }) } },
      role: 'none',
      handler: async () => ({ ok: true }),
    }),
    defineRoute({
      method: 'GET',
      url: '/v1/schema',
      action: 'schema.read',
      summary: "The Cluster document's JSON Schema",
      responses: { 200: { description: 'The JSON Schema forms validate with.' } },
      role: 'viewer',
      handler: async () => clusterJsonSchema(),
    }),
  ];
}

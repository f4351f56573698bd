import { clusterJsonSchema } from '@strata/cluster-config';
import { defineRoute, type AnyRouteSpec } from '../route';

/** The health check (no token) and the Cluster JSON Schema forms validate with. */
export function metaRoutes(): AnyRouteSpec[] {
  return [
    defineRoute({ method: 'GET', url: '/healthz', action: 'health', role: 'none', handler: async () => ({ ok: true }) }),
    defineRoute({ method: 'GET', url: '/v1/schema', action: 'schema.read', role: 'viewer', handler: async () => clusterJsonSchema() }),
  ];
}

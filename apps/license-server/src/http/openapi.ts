import { z } from 'zod';
import type { AnyRouteSpec } from './route';
import { ErrorResponse } from './schemas';

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): unknown {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
}

function pathParameters(spec: AnyRouteSpec): unknown[] {
  return [...spec.url.matchAll(/:([A-Za-z]+)/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
}

function queryParameters(spec: AnyRouteSpec): unknown[] {
  if (!spec.query) return [];
  const schema = jsonSchema(spec.query, 'input') as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(schema.properties ?? {}).map(([name, s]) => ({ name, in: 'query', required: schema.required?.includes(name) ?? false, schema: s }));
}

/**
 * The OpenAPI 3.1 document of the JSON API, generated from the same route descriptions and
 * zod schemas that validate requests, so the document cannot drift from the behaviour.
 */
export function openApiDocument(routes: readonly AnyRouteSpec[], version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const spec of routes) {
    const path = spec.url.replace(/:([A-Za-z]+)/g, '{$1}');
    const responses: Record<string, unknown> = {};
    for (const [status, response] of Object.entries(spec.responses)) {
      responses[status] = {
        description: response.description,
        ...(response.schema ? { content: { [response.contentType ?? 'application/json']: { schema: jsonSchema(response.schema, 'output') } } } : {}),
      };
    }
    if (spec.body || spec.query || spec.params) responses['400'] = { description: 'The request is not valid; `problems` lists each field.', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
    if (spec.access === 'admin') responses['401'] = { description: 'No valid admin token or session.', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
    if (spec.rateLimited) responses['429'] = { description: 'Rate limit exceeded; retry after the Retry-After header.' };
    (paths[path] ??= {})[spec.method.toLowerCase()] = {
      operationId: spec.operationId,
      summary: spec.summary,
      tags: [spec.tag],
      parameters: [...pathParameters(spec), ...queryParameters(spec)],
      ...(spec.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(spec.body, 'input') } } } } : {}),
      responses,
      ...(spec.access === 'admin' ? { security: [{ adminToken: [] }, { adminSession: [] }] } : {}),
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Strata license server',
      version,
      description:
        'Vendor-side licensing service: customers, subscriptions, licenses, cluster activations, usage reports and license validation. Admin routes take `Authorization: Bearer <admin token>` or the admin UI session cookie (with an `x-csrf-token` header on writes).',
    },
    paths,
    components: {
      schemas: { Error: jsonSchema(ErrorResponse, 'output') },
      securitySchemes: {
        adminToken: { type: 'http', scheme: 'bearer', description: 'An admin token (LICENSE_ADMIN_TOKEN or the one printed on first start).' },
        adminSession: { type: 'apiKey', in: 'cookie', name: 'strata_ls_session' },
      },
    },
  };
}

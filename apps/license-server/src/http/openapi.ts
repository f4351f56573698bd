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
    const error = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });
    if (spec.body || spec.query || spec.params) responses['400'] ??= error('The request is not valid; `problems` lists each field.');
    if (spec.body) {
      responses['413'] = error('The body is larger than the server accepts (64 KiB by default); refused before it is read.');
      responses['415'] = error('The body is not sent as application/json.');
    }
    if (spec.access === 'admin') responses['401'] = error('No valid admin token or session.');
    if (spec.access === 'activation') responses['401'] = error('No activation secret, or not the current one of this cluster.');
    if (spec.rateLimited) responses['429'] = error('Rate limit exceeded; retry after the Retry-After header.');
    if (spec.access === 'admin') responses['429'] = error('Too many wrong admin tokens from this address; retry after the Retry-After header.');
    for (const [status, response] of Object.entries(responses)) {
      if (Number(status) >= 400 && !(response as { content?: unknown }).content) responses[status] = error((response as { description: string }).description);
    }
    (paths[path] ??= {})[spec.method.toLowerCase()] = {
      operationId: spec.operationId,
      summary: spec.summary,
      tags: [spec.tag],
      parameters: [...pathParameters(spec), ...queryParameters(spec)],
      ...(spec.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(spec.body, 'input') } } } } : {}),
      responses,
      ...(spec.access === 'admin' ? { security: [{ adminToken: [] }, { adminSession: [] }] } : {}),
      ...(spec.access === 'activation' ? { security: [{ activationSecret: [] }] } : {}),
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Strata license server',
      version,
      description:
        'Vendor-side licensing service: customers, subscriptions, licenses, cluster activations, usage reports and license validation. Admin routes take `Authorization: Bearer <admin token>` or the admin UI session cookie (with an `x-csrf-token` header on writes); usage reports take the activation secret of their cluster. Every error answer is `{ code, message, problems: [{ path, message }] }`. List endpoints are paged with `limit` (1-200, default 50) and `cursor` (the `nextCursor` of the previous page).',
    },
    paths,
    components: {
      schemas: { Error: jsonSchema(ErrorResponse, 'output') },
      securitySchemes: {
        adminToken: { type: 'http', scheme: 'bearer', description: 'An admin token (LICENSE_ADMIN_TOKEN or the one printed on first start).' },
        adminSession: {
          type: 'apiKey',
          in: 'cookie',
          name: 'strata_ls_session',
          description: 'The admin UI session; writes also need the CSRF token (x-csrf-token) matching the strata_ls_csrf cookie.',
        },
        activationSecret: {
          type: 'http',
          scheme: 'bearer',
          description: 'The activationSecret POST /v1/activations returned for the cluster (shown once; activating again replaces it).',
        },
      },
    },
  };
}

import { z } from 'zod';
import type { AnyRouteSpec } from './route';

const ErrorSchema = z.strictObject({ code: z.string(), message: z.string(), problems: z.array(z.strictObject({ path: z.string(), message: z.string() })) });

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): unknown {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
}

function parameters(spec: AnyRouteSpec): unknown[] {
  const path = [...spec.url.matchAll(/:([A-Za-z]+)/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
  if (!spec.query) return path;
  const query = jsonSchema(spec.query, 'input') as { properties?: Record<string, unknown>; required?: string[] };
  return [
    ...path,
    ...Object.entries(query.properties ?? {}).map(([name, s]) => ({ name, in: 'query', required: query.required?.includes(name) ?? false, schema: s })),
  ];
}

/**
 * The OpenAPI 3.1 document of API v1, generated from the route specs and zod schemas that
 * validate the requests, so the description cannot drift from the behaviour.
 */
export function openApiDocument(routes: readonly AnyRouteSpec[]): Record<string, unknown> {
  const error = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });
  const paths: Record<string, Record<string, unknown>> = {};
  for (const spec of routes) {
    const responses: Record<string, unknown> = {};
    for (const [status, r] of Object.entries(spec.responses)) {
      responses[status] = {
        description: r.description,
        ...(r.schema ? { content: { [r.contentType ?? 'application/json']: { schema: jsonSchema(r.schema, 'output') } } } : {}),
      };
    }
    if (spec.body || spec.query || spec.params) responses['400'] ??= error('The request is not valid; `problems` names each field.');
    if (spec.body) responses['413'] = error('The body is over 1 MiB; refused before it is read.');
    if (spec.role !== 'none') {
      responses['401'] = error('No service token, or a wrong one.');
      responses['429'] = error('Too many wrong tokens from this address; retry after the Retry-After header.');
      if (spec.role !== 'viewer') responses['403'] ??= error(`The acting user's role is below ${spec.role}.`);
    }
    (paths[spec.url.replace(/:([A-Za-z]+)/g, '{$1}')] ??= {})[spec.method.toLowerCase()] = {
      operationId: spec.action,
      summary: spec.summary,
      'x-strata-role': spec.role,
      parameters: parameters(spec),
      ...(spec.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(spec.body, 'input') } } } } : {}),
      responses,
      ...(spec.role === 'none' ? {} : { security: [{ serviceToken: [] }] }),
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Strata installer service',
      version: 'v1',
      description:
        'The installer the console drives (docs/installer-service.md). Every call but /healthz and /openapi.json carries `Authorization: Bearer <service token>`, `X-Strata-User` and `X-Strata-Role` (viewer, operator, admin). Every error answer is `{ code, message, problems: [{ path, message }] }`.',
    },
    paths,
    components: {
      schemas: { Error: jsonSchema(ErrorSchema, 'output') },
      securitySchemes: { serviceToken: { type: 'http', scheme: 'bearer', description: 'The token in `<data dir>/service-token` (mode 0600).' } },
    },
  };
}

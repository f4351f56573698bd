import { InputError, UnsupportedMediaTypeError } from '@strata/errors';
import type { FastifyInstance, FastifyReply, FastifyRequest, preHandlerHookHandler } from 'fastify';
import type { z } from 'zod';
import { fieldProblems } from './problems';

/**
 * Who may call a route: anyone (rate-limited where marked), a cluster holding its activation
 * secret (checked by the handler, which knows the cluster), or an authenticated admin.
 */
export type RouteAccess = 'public' | 'activation' | 'admin';

/** The token of an `Authorization: Bearer <token>` header. */
export function bearerToken(authorization: string | undefined): string | undefined {
  const match = /^Bearer +(\S+) *$/i.exec(authorization ?? '');
  return match?.[1];
}

/** Whether a Content-Type header names JSON (parameters such as charset allowed). */
export function isJson(contentType: string | undefined): boolean {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() === 'application/json';
}

/** One documented, validated JSON route. The same description drives Fastify and /openapi.json. */
export interface RouteSpec<Body = unknown, Query = unknown, Params = unknown> {
  method: 'GET' | 'POST' | 'PATCH';
  url: string;
  operationId: string;
  summary: string;
  tag: string;
  access: RouteAccess;
  /** Whether the public rate limit applies. */
  rateLimited?: boolean;
  body?: z.ZodType<Body>;
  query?: z.ZodType<Query>;
  params?: z.ZodType<Params>;
  responses: Record<number, { description: string; schema?: z.ZodType; contentType?: string }>;
  handler(input: { body: Body; query: Query; params: Params; request: FastifyRequest; reply: FastifyReply }): Promise<unknown>;
}

/** A route of any shape, as the registry keeps it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyRouteSpec = RouteSpec<any, any, any>;

/** Identity helper that infers the handler's input types from the schemas. */
export function defineRoute<Body = undefined, Query = undefined, Params = undefined>(spec: RouteSpec<Body, Query, Params>): RouteSpec<Body, Query, Params> {
  return spec;
}

function parsePart<T>(schema: z.ZodType<T> | undefined, value: unknown, prefix: string, problems: { path: string; message: string }[]): T {
  if (!schema) return undefined as T;
  const result = schema.safeParse(value ?? (prefix === '' ? undefined : {}));
  if (result.success) return result.data;
  problems.push(...fieldProblems(result.error, prefix));
  return undefined as T;
}

/** Options for registering routes. */
export interface RegisterOptions {
  /** Run before admin routes, in order; each throws or replies to refuse. */
  requireAdmin: preHandlerHookHandler[];
  /** Per-route rate limit for public routes. */
  rateLimit: { max: number; timeWindow: number };
}

/**
 * Registers a route: validates params, query and body with its zod schemas (all problems
 * reported at once, with paths; body fields unprefixed, others as `query.x`/`params.x`),
 * then calls the handler and sends its result as JSON.
 */
export function registerRoute(app: FastifyInstance, spec: AnyRouteSpec, options: RegisterOptions): void {
  app.route({
    method: spec.method,
    url: spec.url,
    ...(spec.rateLimited ? { config: { rateLimit: options.rateLimit } } : {}),
    // JSON routes take JSON only: refused from the headers, before any of the body is read.
    ...(spec.body
      ? {
          onRequest: async (request: FastifyRequest) => {
            const type = request.headers['content-type'];
            if (type !== undefined && !isJson(type)) {
              throw new UnsupportedMediaTypeError(`${spec.method} ${spec.url} takes application/json, not ${(type.split(';')[0] ?? '').slice(0, 100)}`);
            }
          },
        }
      : {}),
    ...(spec.access === 'admin' ? { preHandler: options.requireAdmin } : {}),
    handler: async (request, reply) => {
      const problems: { path: string; message: string }[] = [];
      const params = parsePart(spec.params, request.params, 'params', problems);
      const query = parsePart(spec.query, request.query, 'query', problems);
      const body = spec.body ? parsePart(spec.body, request.body, '', problems) : undefined;
      if (problems.length > 0) throw new InputError(`request is not valid: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`, problems);
      return spec.handler({ body, query, params, request, reply });
    },
  });
}

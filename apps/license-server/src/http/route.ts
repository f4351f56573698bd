import { InputError } from '@strata/errors';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { fieldProblems } from './problems';

/** Who may call a route: anyone (rate-limited where marked) or an authenticated admin. */
export type RouteAccess = 'public' | 'admin';

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
  /** Runs before admin routes; throws or replies to refuse. */
  requireAdmin: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
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

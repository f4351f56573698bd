import { InputError, StrataError, TooManyRequestsError, UnsupportedMediaTypeError } from '@strata/errors';
import type { FailureThrottle } from '@strata/throttle';
import type { Role } from '@strata/install-contract';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { authenticate, requireRole, type Actor } from './auth';
import { fieldProblems } from './problems';

/** What is audited of a request: the action and its target; the outcome comes from the answer. */
export interface AuditNote {
  action: string;
  target: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    audit: AuditNote | null;
  }
}

/** The input of a route handler, parsed by the route's schemas. */
export interface RouteInput<Body, Query, Params> {
  body: Body;
  query: Query;
  params: Params;
  actor: Actor;
  request: FastifyRequest;
  reply: FastifyReply;
}

/** One validated route: who may call it, its schemas and its handler. */
export interface RouteSpec<Body = unknown, Query = unknown, Params = unknown> {
  method: 'GET' | 'POST' | 'DELETE';
  url: string;
  /** What the route does, as the audit trail names it (`install.create`). */
  action: string;
  /** One line for the OpenAPI document. */
  summary: string;
  /** The lowest role that may call it; `none` only for the health check and the API description. */
  role: Role | 'none';
  /** The answers a client can rely on, by status; errors are added from the route's shape. */
  responses: Record<number, { description: string; schema?: z.ZodType; contentType?: string }>;
  body?: z.ZodType<Body>;
  query?: z.ZodType<Query>;
  params?: z.ZodType<Params>;
  /** The audited target of a write (an id, a name); default the `id` parameter. */
  target?(input: { body: Body; params: Params }): string;
  handler(input: RouteInput<Body, Query, Params>): Promise<unknown>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyRouteSpec = RouteSpec<any, any, any>;

/** Identity helper that infers the handler's input types from the schemas. */
export function defineRoute<Body = undefined, Query = undefined, Params = undefined>(spec: RouteSpec<Body, Query, Params>): RouteSpec<Body, Query, Params> {
  return spec;
}

function isJson(contentType: string | undefined): boolean {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() === 'application/json';
}

function parsePart<T>(schema: z.ZodType<T> | undefined, value: unknown, prefix: string, problems: { path: string; message: string }[]): T {
  if (!schema) return undefined as T;
  const result = schema.safeParse(value ?? (prefix === '' ? undefined : {}));
  if (result.success) return result.data;
  problems.push(...fieldProblems(result.error, prefix));
  return undefined as T;
}

/**
 * Registers a route: the token and the role are checked before the body is parsed (401, 403),
 * then params, query and body are validated with their schemas, every problem at once with
 * its path (400), and the handler's result is sent as JSON. Every write is noted for the audit.
 */
export function registerRoute(app: FastifyInstance, spec: AnyRouteSpec, token: string, throttle: FailureThrottle): void {
  app.route({
    method: spec.method,
    url: spec.url,
    onRequest: async (request) => {
      if (spec.body) {
        const type = request.headers['content-type'];
        if (type !== undefined && !isJson(type))
          throw new UnsupportedMediaTypeError(`${spec.method} ${spec.url} takes application/json, not ${(type.split(';')[0] ?? '').slice(0, 100)}`);
      }
      if (spec.role === 'none') return;
      // Wrong tokens from one address slow that address down; while it waits, nothing is checked.
      const wait = throttle.retryAfterMs(request.ip);
      if (wait > 0) throw new TooManyRequestsError(`too many wrong service tokens from ${request.ip}; retry after the Retry-After header`, wait / 1000);
      try {
        request.actor = authenticate(request.headers, token);
        throttle.succeed(request.ip);
      } catch (error) {
        if (error instanceof StrataError && error.kind === 'unauthenticated') throttle.fail(request.ip);
        throw error;
      }
      const params = (request.params ?? {}) as Record<string, string>;
      if (spec.method !== 'GET') request.audit = { action: spec.action, target: params['id'] ?? params['platform'] ?? '' };
      requireRole(request.actor, spec.role, `${spec.method} ${spec.url}`);
    },
    handler: async (request, reply) => {
      const problems: { path: string; message: string }[] = [];
      const params = parsePart(spec.params, request.params, 'params', problems);
      const query = parsePart(spec.query, request.query, 'query', problems);
      const body = spec.body ? parsePart(spec.body, request.body, '', problems) : undefined;
      if (problems.length > 0) throw new InputError(`request is not valid: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`, problems);
      if (request.audit && spec.target) request.audit.target = spec.target({ body, params });
      return spec.handler({ body, query, params, actor: request.actor as Actor, request, reply });
    },
  });
}

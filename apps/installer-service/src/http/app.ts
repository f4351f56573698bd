import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import { NotFoundError } from '@strata/errors';
import { loggerOptions, type LogLevel } from '@strata/log';
import type { ServiceContext } from '../services/context';
import { errorResponse } from './error-response';
import { openApiDocument } from './openapi';
import { defineRoute, registerRoute } from './route';
import { credentialRoutes } from './routes/credential-routes';
import { downloadRoutes } from './routes/download-routes';
import { eventRoutes } from './routes/event-routes';
import { installRoutes } from './routes/install-routes';
import { metaRoutes } from './routes/meta-routes';
import { planRoutes } from './routes/plan-routes';
import { providerRoutes } from './routes/provider-routes';
import { validateRoutes } from './routes/validate-routes';
import { SECURITY_HEADERS } from './security-headers';
import { FailureThrottle, type ThrottlePolicy } from '@strata/throttle';

/** Wrong tokens: five free, then waits doubling from 1 s to 30 s, locked for 5 minutes after 20 in 15 minutes. */
export const TOKEN_THROTTLE: ThrottlePolicy = { freeFailures: 5, baseDelayMs: 1_000, maxDelayMs: 30_000, lockAfter: 20, lockMs: 300_000, windowMs: 900_000 };

/** How the HTTP app behaves; the defaults suit production. */
export interface AppOptions {
  /** The bearer token every call but the health check carries. */
  token: string;
  /** Largest accepted request body in bytes; default 1 MiB. */
  bodyLimit?: number;
  logLevel?: LogLevel;
  /** How often an event stream sends its heartbeat comment; default 15 s. */
  heartbeatMs?: number;
  /** How wrong tokens are throttled; default {@link TOKEN_THROTTLE}. */
  tokenThrottle?: ThrottlePolicy;
}

export const DEFAULT_BODY_LIMIT = 1024 * 1024;

/** The request id: the caller's `x-request-id` when it is a sane token, else a fresh UUID. */
function requestId(header: string | string[] | undefined): string {
  return typeof header === 'string' && /^[A-Za-z0-9._:-]{1,128}$/.test(header) ? header : randomUUID();
}

/**
 * The installer service's HTTP app: API v1 (docs/installer-service.md). Every answer carries
 * the security headers and the request id; every error is the one error body; bodies over the
 * limit are refused with 413 before they are read; every write is audited with its actor.
 */
export async function buildApp(ctx: ServiceContext, options: AppOptions): Promise<FastifyInstance> {
  const bodyLimit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const app = Fastify({
    logger: loggerOptions('installer-service', options.logLevel ?? 'warn'),
    genReqId: (request) => requestId(request.headers['x-request-id']),
    bodyLimit,
  });
  app.decorateRequest('actor', null);
  app.decorateRequest('audit', null);
  app.addHook('onRequest', async (request, reply) => {
    void reply.headers(SECURITY_HEADERS).header('x-request-id', request.id);
  });
  app.addHook('onResponse', async (request, reply) => {
    if (!request.actor || !request.audit) return;
    const outcome = reply.statusCode < 400 ? `ok ${reply.statusCode}` : `refused ${reply.statusCode}`;
    try {
      await ctx.store.audit.record({ user: request.actor.user, role: request.actor.role, ...request.audit, outcome });
    } catch (error) {
      request.log.error({ err: error }, 'audit entry not written');
    }
  });
  app.setErrorHandler((error, request, reply) => {
    const { status, body, headers } = errorResponse(error, bodyLimit);
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    void reply.code(status).headers(headers).send(body);
  });
  app.setNotFoundHandler((request, reply) => {
    const { status, body } = errorResponse(new NotFoundError(`no route ${request.method} ${request.url.split('?')[0]}`), bodyLimit);
    void reply.code(status).send(body);
  });
  const routes = [
    ...metaRoutes(),
    ...providerRoutes(ctx),
    ...validateRoutes(ctx),
    ...credentialRoutes(ctx),
    ...planRoutes(ctx),
    ...installRoutes(ctx),
    ...eventRoutes(ctx, options.heartbeatMs ?? 15_000),
    ...downloadRoutes(ctx),
  ];
  const document = openApiDocument(routes);
  routes.push(
    defineRoute({
      method: 'GET',
      url: '/openapi.json',
      action: 'openapi',
      summary: 'This API described as OpenAPI 3.1, generated from the schemas that validate it',
      role: 'none',
      responses: { 200: { description: 'The OpenAPI document.' } },
      handler: async () => document,
    }),
  );
  const throttle = new FailureThrottle(options.tokenThrottle ?? TOKEN_THROTTLE);
  for (const route of routes) registerRoute(app, route, options.token, throttle);
  return app;
}

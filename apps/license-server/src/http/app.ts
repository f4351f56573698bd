import { randomUUID } from 'node:crypto';
import cookie from '@fastify/cookie';
import csrfProtection from '@fastify/csrf-protection';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance } from 'fastify';
import { NotFoundError, TooManyRequestsError } from '@strata/errors';
import { loggerOptions, type LogLevel } from '@strata/log';
import { adminUi } from '../admin-ui/admin-ui';
import type { ServiceContext } from '../services/context';
import { adminApiGuard, CSRF_COOKIE, csrfGuard } from './admin-auth';
import { adminRoutes } from './admin-routes';
import { AuthThrottle } from './auth-throttle';
import { errorResponse } from './error-response';
import { metaRoutes } from './meta-routes';
import { openApiDocument } from './openapi';
import { publicRoutes } from './public-routes';
import { registerRoute } from './route';
import { SECURITY_HEADERS } from './security-headers';

/** How the HTTP app behaves; the defaults suit production. */
export interface AppOptions {
  /** Requests per client address per window on public endpoints (and the login form). */
  rateLimit?: { max: number; timeWindowMs: number };
  /** Largest accepted request body in bytes. */
  bodyLimit?: number;
  /** pino log level; `silent` for none. */
  logLevel?: LogLevel;
  /** Whether session cookies are marked Secure: always, never, or when the request came over HTTPS. */
  secureCookies?: boolean | 'auto';
  sessionTtlMs?: number;
  version?: string;
  /** Trust X-Forwarded-* headers (behind a reverse proxy), so rate limits and Secure cookies see the client's view. */
  trustProxy?: boolean;
  /** Clock of the wrong-token throttle (tests move it). */
  throttleClock?: () => number;
}

export const DEFAULT_RATE_LIMIT = { max: 120, timeWindowMs: 60_000 };
export const DEFAULT_BODY_LIMIT = 64 * 1024;

/** The request id: the caller's `x-request-id` when it is a sane token, else a fresh UUID. */
function requestId(header: string | string[] | undefined): string {
  return typeof header === 'string' && /^[A-Za-z0-9._:-]{1,128}$/.test(header) ? header : randomUUID();
}

/**
 * Builds the license server's HTTP app: the public product API, the admin JSON API, the
 * admin UI under /admin and /openapi.json. Every answer carries the security headers; every
 * error answer is one body (`{ code, message, problems }`); bodies over the limit are refused
 * with 413 before they are read, other media types than JSON with 415, bad input with 400.
 */
export async function buildApp(ctx: ServiceContext, options: AppOptions = {}): Promise<FastifyInstance> {
  const limits = options.rateLimit ?? DEFAULT_RATE_LIMIT;
  const bodyLimit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const app = Fastify({
    // The one log format (@strata/log); each line of a request carries its id as `reqId`.
    logger: loggerOptions('license-server', options.logLevel ?? 'warn'),
    genReqId: (request) => requestId(request.headers['x-request-id']),
    bodyLimit,
    trustProxy: options.trustProxy ?? false,
  });

  // onRequest runs for every request, also those later refused (404, 413, 415, 429), so every
  // answer carries the headers; the request id is echoed for correlating with the logs.
  app.addHook('onRequest', async (request, reply) => {
    void reply.headers(SECURITY_HEADERS).header('x-request-id', request.id);
  });
  app.setErrorHandler((error, request, reply) => {
    const { status, body, headers } = errorResponse(error, { bodyLimit });
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    void reply
      .code(status)
      .headers(headers ?? {})
      .send(body);
  });
  app.setNotFoundHandler((request, reply) => {
    const { status, body } = errorResponse(new NotFoundError(`no route ${request.method} ${request.url.split('?')[0]}`));
    void reply.code(status).send(body);
  });
  // Forms of the admin UI; parsed here so the same size limit and error mapping apply.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });

  const secure = options.secureCookies ?? 'auto';
  await app.register(cookie);
  await app.register(csrfProtection, {
    cookieKey: CSRF_COOKIE,
    // 'auto' marks the cookie Secure when the request came over HTTPS (as seen through a trusted proxy).
    cookieOpts: { path: '/', httpOnly: true, sameSite: 'strict', secure },
    getToken: (request) => {
      const header = request.headers['x-csrf-token'];
      const field = (request.body as Record<string, unknown> | undefined)?.['_csrf'];
      return typeof header === 'string' ? header : typeof field === 'string' ? field : '';
    },
  });
  await app.register(rateLimit, {
    global: false,
    // Thrown by the plugin and answered by the error handler, as every 429 of the family.
    errorResponseBuilder: (_request, context) =>
      new TooManyRequestsError(`rate limit of ${context.max} requests per ${context.after} exceeded; retry after the Retry-After header`, context.ttl / 1000),
  });

  const throttle = new AuthThrottle(options.throttleClock);
  const registerOptions = {
    requireAdmin: [adminApiGuard(ctx.store.admin, ctx.now, throttle), csrfGuard(app)],
    rateLimit: { max: limits.max, timeWindow: limits.timeWindowMs },
  };
  const routes = [...publicRoutes(ctx), ...adminRoutes(ctx), ...metaRoutes(ctx)];
  for (const route of routes) registerRoute(app, route, registerOptions);

  const document = openApiDocument(routes, options.version ?? '0.0.0');
  app.get('/openapi.json', async () => document);

  await app.register(adminUi, {
    ctx,
    loginRateLimit: { max: Math.min(limits.max, 30), timeWindow: limits.timeWindowMs },
    secureCookies: secure,
    sessionTtlMs: options.sessionTtlMs ?? 8 * 3_600_000,
    throttle,
  });
  return app;
}

import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance } from 'fastify';
import { adminUi } from '../admin-ui/admin-ui';
import type { ServiceContext } from '../services/context';
import { adminApiGuard } from './admin-auth';
import { adminRoutes } from './admin-routes';
import { errorResponse } from './error-response';
import { metaRoutes } from './meta-routes';
import { openApiDocument } from './openapi';
import { publicRoutes } from './public-routes';
import { registerRoute } from './route';

/** How the HTTP app behaves; the defaults suit production. */
export interface AppOptions {
  /** Requests per client address per window on public endpoints (and the login form). */
  rateLimit?: { max: number; timeWindowMs: number };
  /** Largest accepted request body in bytes. */
  bodyLimit?: number;
  /** pino log level; `silent` for none. */
  logLevel?: string;
  /** Whether session cookies are marked Secure: always, never, or when the request came over HTTPS. */
  secureCookies?: boolean | 'auto';
  sessionTtlMs?: number;
  version?: string;
  /** Trust X-Forwarded-* headers (behind a reverse proxy), so rate limits and Secure cookies see the client's view. */
  trustProxy?: boolean;
}

export const DEFAULT_RATE_LIMIT = { max: 120, timeWindowMs: 60_000 };
export const DEFAULT_BODY_LIMIT = 64 * 1024;

/**
 * Builds the license server's HTTP app: the public product API, the admin JSON API, the
 * admin UI under /admin and /openapi.json. Every error answer has one shape
 * (`{ error: { kind, message, problems } }`) and bad input is a 400, never a 500.
 */
export async function buildApp(ctx: ServiceContext, options: AppOptions = {}): Promise<FastifyInstance> {
  const limits = options.rateLimit ?? DEFAULT_RATE_LIMIT;
  const app = Fastify({
    logger: { level: options.logLevel ?? 'warn' },
    bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
    trustProxy: options.trustProxy ?? false,
  });

  app.setErrorHandler((error, request, reply) => {
    const { status, body } = errorResponse(error);
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    void reply.code(status).send(body);
  });
  app.setNotFoundHandler((request, reply) => {
    void reply.code(404).send({ error: { kind: 'not-found', message: `no route ${request.method} ${request.url.split('?')[0]}`, problems: [] } });
  });
  // Forms of the admin UI; parsed here so the same size limit and error mapping apply.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });

  await app.register(rateLimit, { global: false });
  const registerOptions = { requireAdmin: adminApiGuard(ctx.store.admin, ctx.now), rateLimit: { max: limits.max, timeWindow: limits.timeWindowMs } };
  const routes = [...publicRoutes(ctx), ...adminRoutes(ctx), ...metaRoutes(ctx)];
  for (const route of routes) registerRoute(app, route, registerOptions);

  const document = openApiDocument(routes, options.version ?? '0.0.0');
  app.get('/openapi.json', async () => document);

  await app.register(adminUi, {
    ctx,
    loginRateLimit: { max: Math.min(limits.max, 30), timeWindow: limits.timeWindowMs },
    secureCookies: options.secureCookies ?? 'auto',
    sessionTtlMs: options.sessionTtlMs ?? 8 * 3_600_000,
  });
  return app;
}

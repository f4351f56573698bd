import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AdminRepo } from '../store/admin-repo';
import { parseCookies, SESSION_COOKIE } from './cookies';

/** How a request proved it comes from an admin. */
export type AdminIdentity = { via: 'token' } | { via: 'session'; sessionId: string; csrfToken: string };

/** Constant-time string comparison, so CSRF checks leak nothing through timing. */
export function sameSecret(a: string | undefined, b: string): boolean {
  if (a === undefined) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * The admin identity a request carries: a bearer admin token (unless `bearer` is false, as
 * for the UI, which only knows sessions) or a live session cookie.
 */
export async function identifyAdmin(admin: AdminRepo, request: FastifyRequest, now: Date, options: { bearer?: boolean } = {}): Promise<AdminIdentity | undefined> {
  const authorization = request.headers.authorization;
  if ((options.bearer ?? true) && authorization?.startsWith('Bearer ')) {
    return (await admin.isValidToken(authorization.slice('Bearer '.length).trim())) ? { via: 'token' } : undefined;
  }
  const sessionId = parseCookies(request.headers.cookie)[SESSION_COOKIE];
  if (!sessionId) return undefined;
  const session = await admin.findSession(sessionId, now);
  return session && { via: 'session', sessionId, csrfToken: session.csrfToken };
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Whether a state-changing request made with a session cookie carries the session's CSRF
 * token (form field `_csrf` or header `x-csrf-token`). Bearer-token requests need none:
 * browsers never attach those on their own.
 */
export function passesCsrf(identity: AdminIdentity, request: FastifyRequest): boolean {
  if (identity.via === 'token' || SAFE_METHODS.has(request.method)) return true;
  const header = request.headers['x-csrf-token'];
  const body = request.body as Record<string, unknown> | undefined;
  const presented = typeof header === 'string' ? header : typeof body?.['_csrf'] === 'string' ? (body['_csrf'] as string) : undefined;
  return sameSecret(presented, identity.csrfToken);
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the admin guards once a request is authenticated. */
    admin?: AdminIdentity;
  }
}

/** The guard of the JSON admin API: 401 without credentials, 403 without the CSRF token. */
export function adminApiGuard(admin: AdminRepo, now: () => Date) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const identity = await identifyAdmin(admin, request, now());
    if (!identity) {
      reply.code(401).header('www-authenticate', 'Bearer realm="strata-license-server"');
      await reply.send({ error: { kind: 'not-allowed', message: 'admin credentials required: send Authorization: Bearer <admin token>', problems: [] } });
      return reply;
    }
    if (!passesCsrf(identity, request)) {
      await reply.code(403).send({ error: { kind: 'not-allowed', message: 'missing or wrong x-csrf-token for a session-authenticated write', problems: [] } });
      return reply;
    }
    request.admin = identity;
  };
}

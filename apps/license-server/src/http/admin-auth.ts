import { timingSafeEqual } from 'node:crypto';
import { TooManyRequestsError, UnauthenticatedError } from '@strata/errors';
import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import type { AdminRepo } from '../store/admin-repo';
import type { AuthThrottle } from './auth-throttle';
import { bearerToken } from './route';

/** Name of the admin session cookie. */
export const SESSION_COOKIE = 'strata_ls_session';
/** Name of the cookie holding the CSRF secret (@fastify/csrf-protection). */
export const CSRF_COOKIE = 'strata_ls_csrf';

/** How a request proved it comes from an admin. */
export type AdminIdentity = { via: 'token' } | { via: 'session'; sessionId: string };

/** Constant-time string comparison, so secret checks leak nothing through timing. */
export function sameSecret(a: string | undefined, b: string): boolean {
  if (a === undefined) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * The admin identity a request carries: a bearer admin token (unless `bearer` is false, as
 * for the UI, which only knows sessions) or a live session cookie. A wrong bearer token is
 * `{ wrongToken: true }`, so callers can throttle guessing.
 */
export async function identifyAdmin(
  admin: AdminRepo,
  request: FastifyRequest,
  now: Date,
  options: { bearer?: boolean } = {},
): Promise<AdminIdentity | { wrongToken: true } | undefined> {
  const token = bearerToken(request.headers.authorization);
  if ((options.bearer ?? true) && token !== undefined) return (await admin.isValidToken(token)) ? { via: 'token' } : { wrongToken: true };
  const sessionId = request.cookies[SESSION_COOKIE];
  if (!sessionId) return undefined;
  const session = await admin.findSession(sessionId, now);
  return session && { via: 'session', sessionId };
}

/** 429 with Retry-After when the client made too many wrong token guesses lately. */
export function refuseWhileThrottled(throttle: AuthThrottle, request: FastifyRequest): void {
  const wait = throttle.retryAfterSeconds(request.ip);
  if (wait > 0) throw new TooManyRequestsError(`too many wrong admin tokens from this address; try again in ${wait} s`, wait);
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the admin guards once a request is authenticated. */
    admin?: AdminIdentity;
  }
}

/** The guard of the JSON admin API: 401 without credentials, 429 while guessing tokens. */
export function adminApiGuard(admin: AdminRepo, now: () => Date, throttle: AuthThrottle) {
  return async (request: FastifyRequest): Promise<void> => {
    refuseWhileThrottled(throttle, request);
    const identity = await identifyAdmin(admin, request, now());
    if (identity && 'wrongToken' in identity) throttle.failed(request.ip);
    if (!identity || 'wrongToken' in identity)
      throw new UnauthenticatedError('admin credentials required: send Authorization: Bearer <admin token>', 'Bearer realm="strata-license-server"');
    if (identity.via === 'token') throttle.succeeded(request.ip);
    request.admin = identity;
  };
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The CSRF check of state-changing requests made with a session cookie: the token
 * (form field `_csrf` or header `x-csrf-token`) must match the CSRF cookie, as checked by
 * @fastify/csrf-protection. Bearer-token requests need none: browsers never attach those
 * on their own. Runs after an admin guard.
 */
export function csrfGuard(app: FastifyInstance) {
  return (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void => {
    if (request.admin?.via !== 'session' || SAFE_METHODS.has(request.method)) {
      done();
      return;
    }
    app.csrfProtection(request, reply, done);
  };
}

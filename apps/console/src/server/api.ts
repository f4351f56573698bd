import { NextResponse, type NextRequest } from 'next/server';
import { errorAnswer, NotAllowedError, StrataError, UnauthenticatedError } from '@strata/errors';
import { checkCsrf, explainRoleDenial, requireRole } from '@strata/console-server';
import { recordAudit } from './audit';
import { consoleRuntime, type ConsoleRuntime } from './runtime';
import { sessionFromRequest, type ConsoleSession } from './session';
import { consoleLog } from './log';

/** The actions roles are checked against (see @strata/console-server `can`). */
export type ConsoleAction = 'view' | 'operate' | 'administer';

/** What a handler of `apiRoute` receives. */
export interface ApiContext<P> {
  req: NextRequest;
  params: P;
  session: ConsoleSession;
  runtime: ConsoleRuntime;
}

/** The header mutations carry the CSRF token in. */
export const CSRF_HEADER = 'x-csrf-token';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A JSON error answer from the one error table of `@strata/errors` (`errorAnswer`): status,
 * body `{code, message, problems}` and headers (Retry-After, WWW-Authenticate), the same as
 * every other Strata server gives the same fault. Internal errors are logged and answered
 * without their details.
 */
export function errorResponse(error: unknown): NextResponse {
  const { status, body, headers } = errorAnswer(error);
  // The detail (and its cause) goes to the server log; the browser gets the mapped message only.
  if (status >= 500) consoleLog()[error instanceof StrataError && error.kind === 'provider' ? 'warn' : 'error']({ err: error }, 'request failed');
  return NextResponse.json(body, { status, headers: { 'cache-control': 'no-store', ...headers } });
}

/**
 * Wraps a route handler with the console's checks, in this order: a signed-in session
 * (401), for every method but GET/HEAD the CSRF token in `x-csrf-token` (403), then the
 * role for `action` (403). The cluster then checks the same role again: requests to it
 * impersonate the user's role, and its 403 is answered as "your role does not allow
 * this". Everything is decided here on the server; the browser's
 * hiding of buttons is only a convenience. The handler's return value is sent as JSON
 * unless it is already a Response.
 */
export function apiRoute<P = Record<string, never>>(action: ConsoleAction, handler: (ctx: ApiContext<P>) => Promise<unknown>) {
  return async (req: NextRequest, context: { params: Promise<P> }): Promise<Response> => {
    let session: ConsoleSession | null = null;
    try {
      const runtime = await consoleRuntime();
      session = await sessionFromRequest(runtime.store, req);
      if (!session) return errorResponse(new UnauthenticatedError('Sign in first.'));
      if (!SAFE_METHODS.has(req.method) && !checkCsrf(session, req.headers.get(CSRF_HEADER) ?? '')) {
        return errorResponse(new NotAllowedError('The request carries no valid CSRF token.'));
      }
      try {
        requireRole(session, action);
      } catch (error) {
        if (!SAFE_METHODS.has(req.method))
          await recordAudit(runtime.store, session, `${req.method} ${req.nextUrl.pathname}`, req.nextUrl.pathname, 'role does not allow it', 'denied');
        throw error;
      }
      const params = await context.params;
      const result = await handler({ req, params, session, runtime });
      if (result instanceof Response) return result;
      return NextResponse.json(result ?? { ok: true }, { headers: { 'cache-control': 'no-store' } });
    } catch (error) {
      // A refusal by the cluster's API server reads as what it is: the user's role does not allow it.
      return errorResponse(session ? explainRoleDenial(error, session.user.role) : error);
    }
  };
}

import { NextResponse, type NextRequest } from 'next/server';
import { formatError, httpStatusOf, StrataError } from '@strata/errors';
import { checkCsrf, requireRole } from '@strata/console-server';
import { recordAudit } from './audit';
import { consoleRuntime, type ConsoleRuntime } from './runtime';
import { sessionFromRequest, type ConsoleSession } from './session';

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

/** A JSON error answer; internal errors are logged and answered without their details. */
export function errorResponse(error: unknown): NextResponse {
  const status = httpStatusOf(error);
  if (status >= 500 && !(error instanceof StrataError && error.kind === 'provider')) {
    console.error('console: request failed', error);
    return NextResponse.json({ error: 'The console failed to answer; see its log.' }, { status });
  }
  const problems = error instanceof StrataError ? error.problems : [];
  return NextResponse.json({ error: formatError(error), ...(problems.length > 0 ? { problems } : {}) }, { status });
}

/**
 * Wraps a route handler with the console's checks, in this order: a signed-in session
 * (401), for every method but GET/HEAD the CSRF token in `x-csrf-token` (403), then the
 * role for `action` (403). Everything is decided here on the server; the browser's
 * hiding of buttons is only a convenience. The handler's return value is sent as JSON
 * unless it is already a Response.
 */
export function apiRoute<P = Record<string, never>>(action: ConsoleAction, handler: (ctx: ApiContext<P>) => Promise<unknown>) {
  return async (req: NextRequest, context: { params: Promise<P> }): Promise<Response> => {
    try {
      const runtime = await consoleRuntime();
      const session = await sessionFromRequest(runtime.store, req);
      if (!session) return NextResponse.json({ error: 'Sign in first.' }, { status: 401 });
      if (!SAFE_METHODS.has(req.method) && !checkCsrf(session, req.headers.get(CSRF_HEADER) ?? '')) {
        return NextResponse.json({ error: 'The request carries no valid CSRF token.' }, { status: 403 });
      }
      try {
        requireRole(session, action);
      } catch (error) {
        if (!SAFE_METHODS.has(req.method)) await recordAudit(runtime.store, session, `${req.method} ${req.nextUrl.pathname}`, req.nextUrl.pathname, 'role does not allow it', 'denied');
        throw error;
      }
      const params = await context.params;
      const result = await handler({ req, params, session, runtime });
      if (result instanceof Response) return result;
      return NextResponse.json(result ?? { ok: true }, { headers: { 'cache-control': 'no-store' } });
    } catch (error) {
      return errorResponse(error);
    }
  };
}

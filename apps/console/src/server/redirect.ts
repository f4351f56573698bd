import { NextResponse } from 'next/server';
import type { LoginErrorCode } from '../lib/login-errors';

/**
 * A 303 redirect to a path of the console itself, as a relative Location: the browser
 * resolves it against the URL it used, so the host it holds the session cookie for is kept
 * (behind a proxy, or `127.0.0.1` against `localhost`).
 */
export function redirectTo(path: string): NextResponse {
  return new NextResponse(null, { status: 303, headers: { location: path, 'cache-control': 'no-store' } });
}

/** A redirect to the login page showing the fixed text of `code` (never free text). */
export function redirectToLogin(code: LoginErrorCode): NextResponse {
  return redirectTo(`/login?${new URLSearchParams({ error: code }).toString()}`);
}

import { NextResponse, type NextRequest } from 'next/server';
import { completeOidcLogin, createSession, oidcConfigFromEnv, SESSION_COOKIE, sessionCookieAttributes } from '@strata/console-server';
import { consoleRuntime } from '../../../../../server/runtime';
import { OIDC_COOKIE, OidcChecks, oidcCookieAttributes } from '../../../../../server/oidc-cookie';
import { redirectTo, redirectToLogin } from '../../../../../server/redirect';
import { recordAudit } from '../../../../../server/audit';
import type { LoginErrorCode } from '../../../../../lib/login-errors';
import { consoleLog } from '../../../../../server/log';

export const dynamic = 'force-dynamic';

function toLogin(code: LoginErrorCode): NextResponse {
  const res = redirectToLogin(code);
  res.cookies.set(OIDC_COOKIE, '', { ...oidcCookieAttributes(), maxAge: 0 });
  return res;
}

/**
 * The provider sends the browser back here with a code: it is exchanged and verified
 * (state, nonce, PKCE, ID token), the user is created or updated with the role its groups
 * give, and a session starts.
 */
export async function GET(req: NextRequest): Promise<Response> {
  const config = oidcConfigFromEnv();
  if (!config) return toLogin('oidc-not-configured');
  let checks;
  try {
    checks = OidcChecks.parse(JSON.parse(req.cookies.get(OIDC_COOKIE)?.value ?? ''));
  } catch {
    return toLogin('oidc-expired');
  }
  const { store } = await consoleRuntime();
  try {
    // The callback URL as the provider knows it (the console may sit behind a proxy).
    const callback = new URL(config.redirectUri);
    callback.search = req.nextUrl.search;
    const user = await completeOidcLogin(config, store, callback, checks);
    const session = await createSession(store, user.id);
    await recordAudit(store, { user: { username: user.username } }, 'login.oidc', `user/${user.username}`);
    const res = redirectTo('/');
    res.cookies.set(SESSION_COOKIE, session.token, sessionCookieAttributes());
    res.cookies.set(OIDC_COOKIE, '', { ...oidcCookieAttributes(), maxAge: 0 });
    return res;
  } catch (error) {
    // The provider's reason goes to the log and the audit trail, never onto the page.
    const detail = error instanceof Error ? error.message : String(error);
    consoleLog().warn({ err: error }, 'OIDC sign-in failed');
    await recordAudit(store, { user: { username: 'anonymous' } }, 'login.oidc', 'oidc', detail, 'failure');
    return toLogin('oidc-failed');
  }
}

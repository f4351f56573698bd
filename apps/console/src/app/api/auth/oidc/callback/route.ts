import { NextResponse, type NextRequest } from 'next/server';
import { completeOidcLogin, createSession, oidcConfigFromEnv, SESSION_COOKIE, sessionCookieAttributes } from '@strata/console-server';
import { consoleRuntime } from '../../../../../server/runtime';
import { OIDC_COOKIE, OidcChecks, oidcCookieAttributes } from '../../../../../server/oidc-cookie';
import { redirectTo, redirectToLogin } from '../../../../../server/redirect';

export const dynamic = 'force-dynamic';

function toLogin(message: string): NextResponse {
  const res = redirectToLogin(message);
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
  if (!config) return toLogin('Sign-in with OIDC is not configured.');
  let checks;
  try {
    checks = OidcChecks.parse(JSON.parse(req.cookies.get(OIDC_COOKIE)?.value ?? ''));
  } catch {
    return toLogin('The sign-in took too long or was started elsewhere; try again.');
  }
  try {
    const { store } = await consoleRuntime();
    // The callback URL as the provider knows it (the console may sit behind a proxy).
    const callback = new URL(config.redirectUri);
    callback.search = req.nextUrl.search;
    const user = await completeOidcLogin(config, store, callback, checks);
    const session = await createSession(store, user.id);
    const res = redirectTo('/');
    res.cookies.set(SESSION_COOKIE, session.token, sessionCookieAttributes());
    res.cookies.set(OIDC_COOKIE, '', { ...oidcCookieAttributes(), maxAge: 0 });
    return res;
  } catch (error) {
    return toLogin(error instanceof Error ? error.message : String(error));
  }
}

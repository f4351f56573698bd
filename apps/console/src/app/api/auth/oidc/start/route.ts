import { NextResponse } from 'next/server';
import { beginOidcLogin, oidcConfigFromEnv } from '@strata/console-server';
import { OIDC_COOKIE, oidcCookieAttributes } from '../../../../../server/oidc-cookie';
import { redirectToLogin } from '../../../../../server/redirect';
import { consoleLog } from '../../../../../server/log';

export const dynamic = 'force-dynamic';

/** Starts an OIDC login (authorization code with PKCE) and sends the browser to the provider. */
export async function GET(): Promise<Response> {
  try {
    const config = oidcConfigFromEnv();
    if (!config) return redirectToLogin('oidc-not-configured');
    const start = await beginOidcLogin(config);
    const res = NextResponse.redirect(start.url, 303);
    res.cookies.set(OIDC_COOKIE, JSON.stringify({ state: start.state, nonce: start.nonce, codeVerifier: start.codeVerifier }), oidcCookieAttributes());
    return res;
  } catch (error) {
    consoleLog().error({ err: error }, 'starting the OIDC login failed');
    return redirectToLogin('oidc-unreachable');
  }
}

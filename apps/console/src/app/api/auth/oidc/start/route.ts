import { NextResponse, type NextRequest } from 'next/server';
import { beginOidcLogin, oidcConfigFromEnv } from '@strata/console-server';
import { OIDC_COOKIE, oidcCookieAttributes } from '../../../../../server/oidc-cookie';

export const dynamic = 'force-dynamic';

function toLogin(req: NextRequest, message: string): NextResponse {
  const url = new URL('/login', req.nextUrl);
  url.searchParams.set('error', message);
  return NextResponse.redirect(url, 303);
}

/** Starts an OIDC login (authorization code with PKCE) and sends the browser to the provider. */
export async function GET(req: NextRequest): Promise<Response> {
  try {
    const config = oidcConfigFromEnv();
    if (!config) return toLogin(req, 'Sign-in with OIDC is not configured.');
    const start = await beginOidcLogin(config);
    const res = NextResponse.redirect(start.url, 303);
    res.cookies.set(OIDC_COOKIE, JSON.stringify({ state: start.state, nonce: start.nonce, codeVerifier: start.codeVerifier }), oidcCookieAttributes());
    return res;
  } catch (error) {
    console.error('console: starting the OIDC login failed', error);
    return toLogin(req, `The identity provider cannot be reached: ${error instanceof Error ? error.message : String(error)}`);
  }
}

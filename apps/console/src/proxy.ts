import { NextResponse, type NextRequest } from 'next/server';
import { contentSecurityPolicy, newNonce, NONCE_HEADER } from './server/content-security-policy';

/**
 * Runs before every page and API answer: a fresh script nonce per request, given to the
 * render (Next.js puts it on its own scripts when the request carries the policy) and sent
 * to the browser in the Content-Security-Policy header.
 */
export function proxy(request: NextRequest): NextResponse {
  const nonce = newNonce();
  const policy = contentSecurityPolicy(nonce, { development: process.env.NODE_ENV === 'development' });
  const headers = new Headers(request.headers);
  headers.set(NONCE_HEADER, nonce);
  headers.set('content-security-policy', policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set('content-security-policy', policy);
  return response;
}

export const config = {
  // Built scripts and styles are not documents: next.config.ts gives them the strictest policy.
  matcher: ['/((?!_next/static|_next/image|favicon.ico).*)'],
};

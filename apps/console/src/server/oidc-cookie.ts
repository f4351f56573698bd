import { z } from 'zod';
import { sessionCookieAttributes } from '@strata/console-server';

/** Cookie that carries the state, nonce and PKCE verifier from the start of an OIDC login to its callback. */
export const OIDC_COOKIE = 'strata_oidc';

/** The checks the callback presents again. */
export const OidcChecks = z.object({ state: z.string().min(1), nonce: z.string().min(1), codeVerifier: z.string().min(1) });

/** Attributes of the OIDC cookie: HttpOnly, only sent to the callback, ten minutes. */
export function oidcCookieAttributes() {
  const { secure } = sessionCookieAttributes();
  return { httpOnly: true, sameSite: 'lax' as const, secure, path: '/api/auth/oidc', maxAge: 600 };
}

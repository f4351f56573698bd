/** Name of the cookie that carries the session token. */
export const SESSION_COOKIE = 'strata_session';

/** Environment variable with the console's public URL; an https:// URL makes cookies Secure. */
export const CONSOLE_URL_ENV = 'STRATA_CONSOLE_URL';

/** Cookie attributes in the shape Next.js `cookies().set(name, value, attributes)` takes. */
export interface SessionCookieAttributes {
  httpOnly: true;
  sameSite: 'lax';
  secure: boolean;
  path: '/';
  /** Set when an expiry is given; without it the cookie lasts for the browser session. */
  expires?: Date;
}

/**
 * Attributes of the session cookie. HttpOnly keeps it from page scripts; Path=/ covers the
 * whole console; Secure whenever the console is served over https (`options.secure`, else
 * whether $STRATA_CONSOLE_URL is an https:// URL).
 *
 * SameSite=Lax rather than Strict: Strict would drop the cookie on every top-level navigation
 * from another site, so a link to a console page in a chat or a ticket, and the redirect back
 * from the identity provider, would land signed out. Lax still withholds the cookie from
 * cross-site POSTs, subresources and frames, and every state-changing request must also carry
 * the CSRF token (`checkCsrf`), which another site cannot read.
 */
export function sessionCookieAttributes(
  options: { secure?: boolean; expiresAt?: Date; env?: Record<string, string | undefined> } = {},
): SessionCookieAttributes {
  const secure = options.secure ?? (options.env ?? process.env)[CONSOLE_URL_ENV]?.trim().toLowerCase().startsWith('https://') ?? false;
  return { httpOnly: true, sameSite: 'lax', secure, path: '/', ...(options.expiresAt ? { expires: options.expiresAt } : {}) };
}

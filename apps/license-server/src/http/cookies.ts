/** Name of the admin session cookie. */
export const SESSION_COOKIE = 'strata_ls_session';
/** Name of the double-submit cookie that protects the login form. */
export const LOGIN_CSRF_COOKIE = 'strata_ls_login';

/** The cookies of a `Cookie` header by name (first one wins). */
export function parseCookies(header: string | undefined): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const pair of (header ?? '').split(';')) {
    const eq = pair.indexOf('=');
    if (eq <= 0) continue;
    const name = pair.slice(0, eq).trim();
    if (name in cookies) continue;
    try {
      cookies[name] = decodeURIComponent(pair.slice(eq + 1).trim());
    } catch {
      // A cookie we cannot decode is not one of ours.
    }
  }
  return cookies;
}

/** A `Set-Cookie` value: httpOnly, SameSite=Strict, path `/`; Secure when served over HTTPS. */
export function serializeCookie(name: string, value: string, options: { maxAgeSeconds: number; secure: boolean }): string {
  return [`${name}=${encodeURIComponent(value)}`, 'Path=/', 'HttpOnly', 'SameSite=Strict', `Max-Age=${options.maxAgeSeconds}`, ...(options.secure ? ['Secure'] : [])].join('; ');
}

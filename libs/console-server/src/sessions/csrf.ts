import { createHash, timingSafeEqual } from 'node:crypto';

/** The request header the console's browser code sends the CSRF token in. */
export const CSRF_HEADER = 'x-csrf-token';

/** The form field name for the CSRF token in plain HTML form posts. */
export const CSRF_FIELD = 'csrfToken';

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/**
 * Whether `value` (from the X-CSRF-Token header or the csrfToken form field) is the session's
 * CSRF token. Compares SHA-256 digests in constant time, so neither content nor length leaks.
 */
export function checkCsrf(session: { csrfToken: string } | undefined, value: string | null | undefined): boolean {
  if (!session || typeof value !== 'string' || value.length === 0 || session.csrfToken.length === 0) return false;
  return timingSafeEqual(digest(value), digest(session.csrfToken));
}

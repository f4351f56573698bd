/**
 * Headers every answer carries. The service answers JSON, YAML, text, archives and event
 * streams, never pages: nothing may be framed, sniffed or run as a document.
 * See https://owasp.org/www-project-secure-headers/.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'; base-uri 'none'",
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'cache-control': 'no-store',
};

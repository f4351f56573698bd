/**
 * Headers every answer carries, JSON and admin pages alike. The policy allows only the admin
 * UI's own stylesheet: no script at all (inline or not), no framing (clickjacking), no
 * foreign forms or base URLs. See https://owasp.org/www-project-secure-headers/.
 */
export const CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

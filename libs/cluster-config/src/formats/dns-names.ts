/**
 * DNS name rules as Kubernetes applies them (RFC 1123), see
 * https://kubernetes.io/docs/concepts/overview/working-with-objects/names/.
 */
import { show } from './show';

/** A DNS-1123 label: lowercase alphanumerics and '-', starting and ending alphanumeric. */
export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Turns an invalid name into the nearest valid DNS-1123 label, for "try ..." hints. */
export function suggestDnsLabel(value: string, maxLength: number): string | undefined {
  const suggestion = value
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .slice(0, maxLength)
    .replace(/^-+|-+$/g, '');
  return suggestion.length > 0 && DNS_LABEL.test(suggestion) ? suggestion : undefined;
}

/**
 * Why `value` is not a DNS-1123 label of at most `maxLength` characters, or `undefined`.
 * `why` says what the length limit protects, so the message explains itself.
 */
export function dnsLabelProblem(value: string, maxLength: number, why = ''): string | undefined {
  const reason = why ? ` (${why})` : '';
  if (value.length === 0) return `must not be empty; use a DNS-1123 label such as "demo"`;
  if (!DNS_LABEL.test(value)) {
    const suggestion = suggestDnsLabel(value, maxLength);
    const hint = suggestion ? ` (try ${show(suggestion)})` : '';
    return `must be a DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit; got ${show(value)}${hint}`;
  }
  if (value.length > maxLength) {
    return `must be at most ${maxLength} characters${reason}; got ${value.length} characters (try ${show(suggestDnsLabel(value, maxLength))})`;
  }
  return undefined;
}

/**
 * Why `value` is not a DNS subdomain (dot-separated DNS-1123 labels, at most 253
 * characters in all), or `undefined`.
 */
export function dnsSubdomainProblem(value: string, example = 'example.com'): string | undefined {
  if (value.length === 0) return `must not be empty; use a DNS name such as ${example}`;
  if (value.length > 253) return `must be at most 253 characters; got ${value.length}`;
  if (value.endsWith('.')) return `must not end with a dot; write ${show(value.slice(0, -1))}`;
  const bad = value.split('.').find((label) => !DNS_LABEL.test(label) || label.length > 63);
  if (bad !== undefined) {
    return `must be a DNS name such as ${example}: dot-separated labels of lowercase letters, digits and '-' (at most 63 characters each, not starting or ending with '-'); got ${show(value)}`;
  }
  return undefined;
}

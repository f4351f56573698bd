import { isIP } from 'node:net';

// RFC 1123 as Kubernetes applies it to object names (IsDNS1123Subdomain / IsDNS1123Label).
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** True for a lowercase RFC 1123 label of at most 63 characters (a cluster name). */
export function isDnsLabel(value: string): boolean {
  return value.length <= 63 && DNS_LABEL.test(value);
}

/**
 * True for a lowercase RFC 1123 subdomain of at most 253 characters. Machine names must be
 * one: they become file names and certificate names, and the alphabet (no `/`, no `_`, no
 * leading dot) is what keeps the asset layout unambiguous.
 */
export function isDnsSubdomain(value: string): boolean {
  return value.length <= 253 && DNS_SUBDOMAIN.test(value) && value.split('.').every((l) => l.length <= 63);
}

/** True for a literal IPv4 or IPv6 address. */
export function isIpAddress(value: string): boolean {
  return isIP(value) !== 0;
}

/**
 * IPv4 addresses and CIDR networks for the Cluster document, on top of ipaddr.js
 * (https://github.com/whitequark/ipaddr.js), which runs in browsers as well as Node.js.
 * ipaddr.js parses, validates and matches; this module adds the precise problem texts
 * and the plain-number form (`Cidr`) that planning code counts with.
 */
import ipaddr from 'ipaddr.js';

/** An IPv4 network in CIDR notation, e.g. `10.0.0.0/16`. */
export interface Cidr {
  /** The network address as an unsigned 32-bit integer (host bits are zero). */
  readonly base: number;
  /** Prefix length, 0–32. */
  readonly prefix: number;
  /** Number of addresses in the network (2^(32 − prefix)). */
  readonly size: number;
}

/** A prefix length written without leading zeros (`/08` is refused, as most tools read it as 8 but some do not). */
const PREFIX = /^(0|[1-9][0-9]?)$/;

/**
 * Parses a dotted-quad IPv4 address into an unsigned 32-bit integer; `undefined` when it
 * is not one. Only four decimal parts are accepted: no leading zeros (some tools read
 * them as octal), no hexadecimal or shortened forms.
 */
export function parseIPv4(text: string): number | undefined {
  if (!ipaddr.IPv4.isValidFourPartDecimal(text)) return undefined;
  return ipaddr.IPv4.parse(text).octets.reduce((value, octet) => value * 256 + octet, 0);
}

/** Formats an unsigned 32-bit integer as a dotted-quad IPv4 address. */
export function formatIPv4(value: number): string {
  return toAddress(value).toString();
}

/** Formats a network as `a.b.c.d/n`. */
export function formatCidr(cidr: Cidr): string {
  return `${formatIPv4(cidr.base)}/${cidr.prefix}`;
}

/**
 * Why `text` is not a valid IPv4 CIDR, or `undefined` when it is. The reason names the
 * fix, e.g. `10.0.0.1/16 has host bits set; write the network address 10.0.0.0/16`.
 */
export function cidrProblem(text: string): string | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return `must be an IPv4 CIDR such as 10.0.0.0/16 (address/prefix); got "${text}"`;
  const addressText = text.slice(0, slash);
  const prefixText = text.slice(slash + 1);
  if (!ipaddr.IPv4.isValidFourPartDecimal(addressText)) {
    return `"${addressText}" is not an IPv4 address (four numbers 0-255 without leading zeros); got "${text}"`;
  }
  if (!PREFIX.test(prefixText) || Number(prefixText) > 32) {
    return `prefix length must be a number from 0 to 32; got "${text}"`;
  }
  const network = ipaddr.IPv4.networkAddressFromCIDR(text).toString();
  if (network !== addressText) return `${text} has host bits set; write the network address ${network}/${prefixText}`;
  return undefined;
}

/** Parses `a.b.c.d/n`; throws a `RangeError` naming the problem when it is not a valid network. */
export function parseCidr(text: string): Cidr {
  const problem = cidrProblem(text);
  if (problem !== undefined) throw new RangeError(problem);
  const [address, prefix] = ipaddr.IPv4.parseCIDR(text);
  return cidrOf(parseIPv4(address.toString()) ?? 0, prefix);
}

/** Like `parseCidr` but returns `undefined` instead of throwing. */
export function tryParseCidr(text: unknown): Cidr | undefined {
  return typeof text === 'string' && cidrProblem(text) === undefined ? parseCidr(text) : undefined;
}

/** Whether two networks share at least one address. */
export function cidrsOverlap(a: Cidr | string, b: Cidr | string): boolean {
  const x = toCidr(a);
  const y = toCidr(b);
  // Aligned networks either nest or are disjoint, so they overlap exactly when the wider
  // one holds the other's network address.
  const [wide, narrow] = x.prefix <= y.prefix ? [x, y] : [y, x];
  return toAddress(narrow.base).match(toAddress(wide.base), wide.prefix);
}

/** Whether `inner` lies entirely inside `outer`. */
export function cidrContains(outer: Cidr | string, inner: Cidr | string): boolean {
  const o = toCidr(outer);
  const i = toCidr(inner);
  return i.prefix >= o.prefix && toAddress(i.base).match(toAddress(o.base), o.prefix);
}

/**
 * Whether the address `address` (e.g. `10.0.3.7`) lies inside `range`. Throws a
 * `RangeError` when `address` is not a dotted-quad IPv4 address.
 */
export function cidrContainsAddress(range: Cidr | string, address: string): boolean {
  if (!ipaddr.IPv4.isValidFourPartDecimal(address)) {
    throw new RangeError(`"${address}" is not an IPv4 address (four numbers 0-255 without leading zeros)`);
  }
  const network = toCidr(range);
  return ipaddr.IPv4.parse(address).match(toAddress(network.base), network.prefix);
}

/**
 * The `n`th address of a network, counting the network address as 0: `nthAddress('172.30.0.0/16', 10)`
 * is `172.30.0.10`. Throws a `RangeError` when the network has no such address.
 */
export function nthAddress(cidr: Cidr | string, n: number): string {
  const network = toCidr(cidr);
  if (!Number.isInteger(n) || n < 0 || n >= network.size) {
    throw new RangeError(`${formatCidr(network)} has no address number ${n} (it holds ${network.size})`);
  }
  return formatIPv4(network.base + n);
}

/** Host addresses in a range: network and broadcast addresses are skipped except on /31 and /32. */
export function localUsableAddresses(prefix: number): number {
  const size = 2 ** (32 - prefix);
  return prefix >= 31 ? size : size - 2;
}

/**
 * The longest prefix (smallest range) no shorter than `minPrefix` for which `capacity(prefix)`
 * reaches `needed`, or `undefined` when even a /`minPrefix` is too small.
 */
export function prefixHolding(needed: number, capacity: (prefix: number) => number, minPrefix: number, maxPrefix = 32): number | undefined {
  for (let prefix = maxPrefix; prefix >= minPrefix; prefix--) {
    if (capacity(prefix) >= needed) return prefix;
  }
  return undefined;
}

/** The range of length `prefix` that contains the first address of `cidr`, e.g. 127.1.0.0/28 at /22 → 127.1.0.0/22. */
export function widenCidr(cidr: Cidr, prefix: number): Cidr {
  const network = ipaddr.IPv4.networkAddressFromCIDR(`${formatIPv4(cidr.base)}/${prefix}`);
  return cidrOf(parseIPv4(network.toString()) ?? 0, prefix);
}

/** The network of length `prefix` starting at `base`, which must be aligned to it. */
export function cidrOf(base: number, prefix: number): Cidr {
  return { base, prefix, size: 2 ** (32 - prefix) };
}

function toCidr(value: Cidr | string): Cidr {
  return typeof value === 'string' ? parseCidr(value) : value;
}

function toAddress(value: number): ipaddr.IPv4 {
  return new ipaddr.IPv4([24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256));
}

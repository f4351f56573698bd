/**
 * IPv4 address and CIDR arithmetic, small enough to read in one sitting and free of
 * Node-only modules so the console can validate documents in the browser.
 * Addresses are held as unsigned 32-bit integers in plain numbers.
 */

/** An IPv4 network in CIDR notation, e.g. `10.0.0.0/16`. */
export interface Cidr {
  /** The network address as an unsigned 32-bit integer (host bits are zero). */
  readonly base: number;
  /** Prefix length, 0–32. */
  readonly prefix: number;
  /** Number of addresses in the network (2^(32 − prefix)). */
  readonly size: number;
}

const OCTET = /^(0|[1-9][0-9]{0,2})$/;
const PREFIX = /^(0|[1-9][0-9]?)$/;

/** Parses a dotted-quad IPv4 address; `undefined` when it is not one. Leading zeros are refused (they read as octal in some tools). */
export function parseIPv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!OCTET.test(part)) return undefined;
    const octet = Number(part);
    if (octet > 255) return undefined;
    value = value * 256 + octet;
  }
  return value;
}

/** Formats an unsigned 32-bit integer as a dotted-quad IPv4 address. */
export function formatIPv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

/** Formats a network as `a.b.c.d/n`. */
export function formatCidr(cidr: Cidr): string {
  return `${formatIPv4(cidr.base)}/${cidr.prefix}`;
}

/**
 * Why `text` is not a valid IPv4 CIDR, or `undefined` when it is. The reason names the
 * fix, e.g. `10.0.0.1/16 has host bits set; write 10.0.0.0/16`.
 */
export function cidrProblem(text: string): string | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return `must be an IPv4 CIDR such as 10.0.0.0/16 (address/prefix); got "${text}"`;
  const addressText = text.slice(0, slash);
  const prefixText = text.slice(slash + 1);
  const address = parseIPv4(addressText);
  if (address === undefined) {
    return `"${addressText}" is not an IPv4 address (four numbers 0-255 without leading zeros); got "${text}"`;
  }
  if (!PREFIX.test(prefixText) || Number(prefixText) > 32) {
    return `prefix length must be a number from 0 to 32; got "${text}"`;
  }
  const size = 2 ** (32 - Number(prefixText));
  if (address % size !== 0) {
    const base = address - (address % size);
    return `${text} has host bits set; write the network address ${formatIPv4(base)}/${prefixText}`;
  }
  return undefined;
}

/** Parses `a.b.c.d/n`; throws a `RangeError` naming the problem when it is not a valid network. */
export function parseCidr(text: string): Cidr {
  const problem = cidrProblem(text);
  if (problem !== undefined) throw new RangeError(problem);
  const [addressText = '', prefixText = ''] = text.split('/');
  const prefix = Number(prefixText);
  return { base: parseIPv4(addressText) ?? 0, prefix, size: 2 ** (32 - prefix) };
}

/** Like `parseCidr` but returns `undefined` instead of throwing. */
export function tryParseCidr(text: unknown): Cidr | undefined {
  return typeof text === 'string' && cidrProblem(text) === undefined ? parseCidr(text) : undefined;
}

function toCidr(value: Cidr | string): Cidr {
  return typeof value === 'string' ? parseCidr(value) : value;
}

/** Whether two networks share at least one address. */
export function cidrsOverlap(a: Cidr | string, b: Cidr | string): boolean {
  const x = toCidr(a);
  const y = toCidr(b);
  return x.base < y.base + y.size && y.base < x.base + x.size;
}

/** Whether `inner` lies entirely inside `outer`. */
export function cidrContains(outer: Cidr | string, inner: Cidr | string): boolean {
  const o = toCidr(outer);
  const i = toCidr(inner);
  return i.base >= o.base && i.base + i.size <= o.base + o.size;
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
  const size = 2 ** (32 - prefix);
  return { base: Math.floor(cidr.base / size) * size, prefix, size };
}

import { cidrOf, cidrsOverlap, formatCidr, parseCidr, prefixHolding, type Cidr } from './cidr';

/** Options of {@link planSubnets}. */
export interface PlanSubnetsOptions {
  /** Ranges already in use inside the network (existing subnets, a peered range); planned subnets avoid them. */
  readonly avoid?: readonly string[];
}

/**
 * `count` non-overlapping subnets of length `/prefixLength` inside `network`, the lowest
 * free aligned blocks first, e.g. `planSubnets('10.0.0.0/16', 3, 20)` →
 * `['10.0.0.0/20', '10.0.16.0/20', '10.0.32.0/20']`. The same input always gives the
 * same plan, so drivers can derive one subnet per zone from it on every run.
 *
 * Throws a `RangeError` naming the fix when an argument is not valid or the subnets do
 * not fit, e.g. `10.0.0.0/24 has room for 4 of the 5 /26 subnets needed; use a /23 or
 * larger range, or /27 subnets`.
 */
export function planSubnets(network: string, count: number, prefixLength: number, options: PlanSubnetsOptions = {}): string[] {
  const range = parseCidr(network);
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`subnet count must be a whole number of at least 0; got ${count}`);
  if (!Number.isInteger(prefixLength) || prefixLength < range.prefix || prefixLength > 32) {
    throw new RangeError(`a /${prefixLength} subnet cannot lie inside ${network}; use a prefix length from /${range.prefix} to /32`);
  }
  const avoid = (options.avoid ?? []).map((text) => {
    try {
      return parseCidr(text);
    } catch (error) {
      throw new RangeError(`avoided range ${(error as Error).message}`);
    }
  });
  const capacity = (prefix: number) => 2 ** (prefix - range.prefix);
  const fits = (prefix: number) => capacity(prefix) >= count && freeBlocks(range, prefix, avoid, count).length === count;
  if (fits(prefixLength)) return freeBlocks(range, prefixLength, avoid, count).map(formatCidr);

  const fixes: string[] = [];
  const widerPrefix = prefixHolding(count, (prefix) => 2 ** (prefixLength - prefix), 0, prefixLength);
  if (avoid.length === 0 && widerPrefix !== undefined) fixes.push(`a /${widerPrefix} or larger range`);
  const longer = Array.from({ length: 32 - prefixLength }, (_, i) => prefixLength + 1 + i).find(fits);
  if (longer !== undefined) fixes.push(`/${longer} subnets`);
  const room = freeBlocks(range, prefixLength, avoid, Math.min(count, capacity(prefixLength))).length;
  const taken = avoid.length > 0 ? ' outside the ranges in use' : '';
  const fix = fixes.length > 0 ? `; use ${fixes.join(', or ')}` : '';
  throw new RangeError(`${network} has room for ${room} of the ${count} /${prefixLength} subnets needed${taken}${fix}`);
}

/**
 * Up to `limit` aligned /`prefix` blocks of `range` that overlap none of `avoid`, lowest
 * first. A block that hits an avoided range skips past the end of that range, so the
 * work grows with `limit` and `avoid`, not with the size of the range.
 */
function freeBlocks(range: Cidr, prefix: number, avoid: readonly Cidr[], limit: number): Cidr[] {
  const size = 2 ** (32 - prefix);
  const end = range.base + range.size;
  const found: Cidr[] = [];
  let base = range.base;
  while (found.length < limit && base + size <= end) {
    const block = cidrOf(base, prefix);
    const blocker = avoid.find((other) => cidrsOverlap(block, other));
    if (blocker === undefined) {
      found.push(block);
      base += size;
    } else {
      base = Math.max(base + size, Math.ceil((blocker.base + blocker.size) / size) * size);
    }
  }
  return found;
}

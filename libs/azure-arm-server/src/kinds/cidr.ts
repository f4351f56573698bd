/** IPv4 CIDR arithmetic for address-space checks. */
function parse(cidr: string): { start: number; end: number } {
  const [address = '', bits = '32'] = cidr.split('/');
  const value = address.split('.').reduce((acc, octet) => acc * 256 + Number(octet), 0);
  const size = 2 ** (32 - Number(bits));
  const start = Math.floor(value / size) * size;
  return { start, end: start + size - 1 };
}

/** Whether `inner` lies entirely inside `outer`. */
export function cidrContains(outer: string, inner: string): boolean {
  const o = parse(outer);
  const i = parse(inner);
  return i.start >= o.start && i.end <= o.end;
}

export function cidrsOverlap(a: string, b: string): boolean {
  const x = parse(a);
  const y = parse(b);
  return x.start <= y.end && y.start <= x.end;
}

/** The n-th usable address of a subnet (Azure keeps the first four: .0 to .3). */
export function nthAddress(cidr: string, n: number): string {
  const { start } = parse(cidr);
  const value = start + 4 + n;
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

import { describe, expect, it } from 'vitest';
import { cidrContains, cidrContainsAddress, cidrProblem, cidrsOverlap, formatIPv4, nthAddress, parseCidr, parseIPv4, tryParseCidr, widenCidr } from './cidr';

describe('parseIPv4 / formatIPv4', () => {
  it.each([
    ['0.0.0.0', 0],
    ['10.0.0.1', 167772161],
    ['255.255.255.255', 4294967295],
  ])('reads %s as %i and writes it back', (text, value) => {
    expect(parseIPv4(text)).toBe(value);
    expect(formatIPv4(value)).toBe(text);
  });

  it.each(['10.0.0', '10.0.0.0.0', '256.0.0.1', '10.01.0.0', '10.a.0.0', '', '-1.0.0.0', '1.2.3.4 ', '0x0a.0.0.1', '167772161', '::1'])(
    'refuses %j',
    (text) => {
      expect(parseIPv4(text)).toBeUndefined();
    },
  );
});

describe('parseCidr', () => {
  it('returns the network, prefix and size', () => {
    expect(parseCidr('10.128.0.0/14')).toEqual({ base: parseIPv4('10.128.0.0'), prefix: 14, size: 262144 });
    expect(parseCidr('0.0.0.0/0').size).toBe(2 ** 32);
    expect(parseCidr('127.1.0.7/32').size).toBe(1);
  });

  it.each([
    ['10.0.0.0', 'address/prefix'],
    ['10.0.0.0/33', 'prefix length'],
    ['10.0.0.0/', 'prefix length'],
    ['10.0.0.0/08', 'prefix length'],
    ['300.0.0.0/8', 'not an IPv4 address'],
    ['10.0.0.1/16', 'write the network address 10.0.0.0/16'],
    ['fd00::/8', 'not an IPv4 address'],
    ['10.0.0.0/8/8', 'prefix length'],
    ['10.0.0.0/-1', 'prefix length'],
    ['10.0.0.1/0', 'write the network address 0.0.0.0/0'],
    ['10.0.0.128/24', 'write the network address 10.0.0.0/24'],
  ])('explains why %j is not a network', (text, reason) => {
    expect(cidrProblem(text)).toContain(reason);
    expect(() => parseCidr(text)).toThrow(RangeError);
    expect(tryParseCidr(text)).toBeUndefined();
  });

  it('returns undefined from tryParseCidr for non-strings', () => {
    expect(tryParseCidr(42)).toBeUndefined();
  });
});

describe('cidrsOverlap / cidrContains', () => {
  it.each([
    ['10.0.0.0/16', '10.0.255.0/24', true],
    ['10.0.0.0/16', '10.1.0.0/16', false],
    ['10.128.0.0/14', '10.131.255.0/24', true],
    ['10.128.0.0/14', '10.132.0.0/24', false],
    ['0.0.0.0/0', '192.168.0.0/16', true],
    ['172.30.0.0/16', '172.29.255.255/32', false],
    ['172.30.0.0/16', '172.31.0.0/32', false],
    ['172.30.0.0/16', '172.30.255.255/32', true],
    ['172.30.0.0/16', '172.30.0.0/32', true],
    ['10.0.0.0/25', '10.0.0.128/25', false],
    ['10.0.0.0/8', '10.0.0.0/8', true],
    ['0.0.0.0/0', '0.0.0.0/0', true],
    ['255.255.255.255/32', '255.255.255.255/32', true],
    ['255.255.255.254/32', '255.255.255.255/32', false],
  ])('%s and %s overlap: %s', (a, b, expected) => {
    expect(cidrsOverlap(a, b)).toBe(expected);
    expect(cidrsOverlap(b, a)).toBe(expected);
  });

  it('knows containment is one-way', () => {
    expect(cidrContains('127.0.0.0/8', '127.1.0.0/24')).toBe(true);
    expect(cidrContains('127.1.0.0/24', '127.0.0.0/8')).toBe(false);
    expect(cidrContains('127.0.0.0/8', '128.0.0.0/24')).toBe(false);
  });

  it.each([
    ['0.0.0.0/0', '255.255.255.0/24', true],
    ['10.0.0.0/16', '10.0.0.0/16', true],
    ['10.0.0.5/32', '10.0.0.5/32', true],
    ['10.0.0.0/24', '10.0.0.255/32', true],
    ['10.0.0.0/24', '10.0.1.0/32', false],
    ['10.0.0.0/24', '10.0.0.0/23', false],
  ])('%s contains %s: %s', (outer, inner, expected) => {
    expect(cidrContains(outer, inner)).toBe(expected);
  });
});

describe('cidrContainsAddress', () => {
  it.each([
    ['10.0.0.0/25', '10.0.0.0', true],
    ['10.0.0.0/25', '10.0.0.127', true],
    ['10.0.0.0/25', '10.0.0.128', false],
    ['10.0.0.0/25', '9.255.255.255', false],
    ['0.0.0.0/0', '255.255.255.255', true],
    ['10.0.0.5/32', '10.0.0.5', true],
    ['10.0.0.5/32', '10.0.0.4', false],
  ])('%s holds %s: %s', (range, address, expected) => {
    expect(cidrContainsAddress(range, address)).toBe(expected);
  });

  it.each(['10.0.0.1/32', '10.0.0.01', 'fd00::1'])('refuses %j as an address', (address) => {
    expect(() => cidrContainsAddress('10.0.0.0/8', address)).toThrow(/is not an IPv4 address/);
  });
});

describe('widenCidr', () => {
  it.each([
    ['127.1.0.0/28', 22, '127.1.0.0/22'],
    ['10.0.3.128/25', 16, '10.0.0.0/16'],
    ['192.168.7.0/24', 0, '0.0.0.0/0'],
    ['10.0.0.0/8', 8, '10.0.0.0/8'],
  ])('widens %s to /%i as %s', (cidr, prefix, expected) => {
    const wide = widenCidr(parseCidr(cidr), prefix);
    expect(wide).toEqual(parseCidr(expected));
  });
});

describe('nthAddress', () => {
  it('counts from the network address', () => {
    expect(nthAddress('172.30.0.0/16', 0)).toBe('172.30.0.0');
    expect(nthAddress('172.30.0.0/16', 1)).toBe('172.30.0.1');
    expect(nthAddress('172.30.0.0/16', 10)).toBe('172.30.0.10');
    expect(nthAddress('10.0.0.0/8', 256)).toBe('10.0.1.0');
    expect(nthAddress('0.0.0.0/0', 2 ** 32 - 1)).toBe('255.255.255.255');
    expect(nthAddress('10.0.0.5/32', 0)).toBe('10.0.0.5');
  });

  it.each([16, -1, 1.5])('refuses address %s of a /28', (n) => {
    expect(() => nthAddress('10.0.0.0/28', n)).toThrow(RangeError);
  });
});

import { describe, expect, it } from 'vitest';
import { cidrContains, cidrProblem, cidrsOverlap, formatIPv4, nthAddress, parseCidr, parseIPv4, tryParseCidr } from './cidr';

describe('parseIPv4 / formatIPv4', () => {
  it.each([
    ['0.0.0.0', 0],
    ['10.0.0.1', 167772161],
    ['255.255.255.255', 4294967295],
  ])('reads %s as %i and writes it back', (text, value) => {
    expect(parseIPv4(text)).toBe(value);
    expect(formatIPv4(value)).toBe(text);
  });

  it.each(['10.0.0', '10.0.0.0.0', '256.0.0.1', '10.01.0.0', '10.a.0.0', '', '-1.0.0.0', '1.2.3.4 '])('refuses %j', (text) => {
    expect(parseIPv4(text)).toBeUndefined();
  });
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
  ])('%s and %s overlap: %s', (a, b, expected) => {
    expect(cidrsOverlap(a, b)).toBe(expected);
    expect(cidrsOverlap(b, a)).toBe(expected);
  });

  it('knows containment is one-way', () => {
    expect(cidrContains('127.0.0.0/8', '127.1.0.0/24')).toBe(true);
    expect(cidrContains('127.1.0.0/24', '127.0.0.0/8')).toBe(false);
    expect(cidrContains('127.0.0.0/8', '128.0.0.0/24')).toBe(false);
  });
});

describe('nthAddress', () => {
  it('counts from the network address', () => {
    expect(nthAddress('172.30.0.0/16', 0)).toBe('172.30.0.0');
    expect(nthAddress('172.30.0.0/16', 1)).toBe('172.30.0.1');
    expect(nthAddress('172.30.0.0/16', 10)).toBe('172.30.0.10');
    expect(nthAddress('10.0.0.0/8', 256)).toBe('10.0.1.0');
  });

  it.each([16, -1, 1.5])('refuses address %s of a /28', (n) => {
    expect(() => nthAddress('10.0.0.0/28', n)).toThrow(RangeError);
  });
});

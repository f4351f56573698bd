import { describe, expect, it } from 'vitest';
import { cidrContains, cidrsOverlap } from './cidr';
import { planSubnets } from './subnet-plan';

describe('planSubnets', () => {
  it.each<[string, number, number, string[]]>([
    ['10.0.0.0/16', 3, 20, ['10.0.0.0/20', '10.0.16.0/20', '10.0.32.0/20']],
    ['10.0.0.0/16', 1, 16, ['10.0.0.0/16']],
    ['10.0.0.0/16', 0, 24, []],
    ['10.0.0.0/24', 4, 26, ['10.0.0.0/26', '10.0.0.64/26', '10.0.0.128/26', '10.0.0.192/26']],
    ['0.0.0.0/0', 2, 1, ['0.0.0.0/1', '128.0.0.0/1']],
    ['0.0.0.0/0', 1, 0, ['0.0.0.0/0']],
    ['10.0.0.5/32', 1, 32, ['10.0.0.5/32']],
    ['255.255.255.252/30', 4, 32, ['255.255.255.252/32', '255.255.255.253/32', '255.255.255.254/32', '255.255.255.255/32']],
    ['172.31.0.0/16', 6, 20, ['172.31.0.0/20', '172.31.16.0/20', '172.31.32.0/20', '172.31.48.0/20', '172.31.64.0/20', '172.31.80.0/20']],
  ])('plans %s into %i /%i subnets', (network, count, prefix, expected) => {
    const subnets = planSubnets(network, count, prefix);
    expect(subnets).toEqual(expected);
    for (const [i, subnet] of subnets.entries()) {
      expect(cidrContains(network, subnet)).toBe(true);
      for (const other of subnets.slice(i + 1)) expect(cidrsOverlap(subnet, other)).toBe(false);
    }
  });

  it.each<[string, string, number, number, string[], string[]]>([
    ['skips a range in use at the start', '10.0.0.0/16', 2, 20, ['10.0.0.0/24'], ['10.0.16.0/20', '10.0.32.0/20']],
    ['fills the gap before a range in use', '10.0.0.0/16', 2, 20, ['10.0.16.0/20'], ['10.0.0.0/20', '10.0.32.0/20']],
    ['jumps over a large range in use in one step', '10.0.0.0/8', 1, 24, ['10.0.0.0/9'], ['10.128.0.0/24']],
    ['ignores ranges outside the network', '10.0.0.0/24', 1, 25, ['10.0.1.0/24', '192.168.0.0/16'], ['10.0.0.0/25']],
    ['keeps a subnet that ends where a range in use starts', '10.0.0.0/24', 1, 25, ['10.0.0.128/25'], ['10.0.0.0/25']],
    ['treats a range in use wider than the network as covering it all', '10.0.0.0/24', 0, 24, ['10.0.0.0/8'], []],
  ])('%s', (_name, network, count, prefix, avoid, expected) => {
    const subnets = planSubnets(network, count, prefix, { avoid });
    expect(subnets).toEqual(expected);
    for (const subnet of subnets) for (const used of avoid) expect(cidrsOverlap(subnet, used)).toBe(false);
  });

  it.each<[string, () => string[], string]>([
    [
      'too many subnets',
      () => planSubnets('10.0.0.0/24', 5, 26),
      '10.0.0.0/24 has room for 4 of the 5 /26 subnets needed; use a /23 or larger range, or /27 subnets',
    ],
    ['a second /32 in a /32', () => planSubnets('10.0.0.5/32', 2, 32), '10.0.0.5/32 has room for 1 of the 2 /32 subnets needed; use a /31 or larger range'],
    [
      'subnets blocked by ranges in use',
      () => planSubnets('10.0.0.0/24', 2, 25, { avoid: ['10.0.0.0/26'] }),
      '10.0.0.0/24 has room for 1 of the 2 /25 subnets needed outside the ranges in use; use /26 subnets',
    ],
    [
      'a network fully in use',
      () => planSubnets('10.0.0.0/24', 1, 32, { avoid: ['10.0.0.0/24'] }),
      '10.0.0.0/24 has room for 0 of the 1 /32 subnets needed outside the ranges in use',
    ],
    [
      'subnets wider than the network',
      () => planSubnets('10.0.0.0/16', 1, 8),
      'a /8 subnet cannot lie inside 10.0.0.0/16; use a prefix length from /16 to /32',
    ],
    ['a prefix length above 32', () => planSubnets('10.0.0.0/16', 1, 33), 'a /33 subnet cannot lie inside 10.0.0.0/16; use a prefix length from /16 to /32'],
    ['a fractional prefix length', () => planSubnets('10.0.0.0/16', 1, 20.5), 'use a prefix length from /16 to /32'],
    ['a negative count', () => planSubnets('10.0.0.0/16', -1, 20), 'subnet count must be a whole number of at least 0; got -1'],
    ['a network with host bits set (misaligned base)', () => planSubnets('10.0.0.1/16', 1, 20), 'write the network address 10.0.0.0/16'],
    ['a network that is not IPv4', () => planSubnets('fd00::/48', 1, 64), 'is not an IPv4 address'],
    [
      'a misaligned range in use',
      () => planSubnets('10.0.0.0/16', 1, 20, { avoid: ['10.0.0.1/24'] }),
      'avoided range 10.0.0.1/24 has host bits set; write the network address 10.0.0.0/24',
    ],
  ])('refuses %s with a precise RangeError', (_name, plan, message) => {
    expect(plan).toThrow(RangeError);
    expect(plan).toThrow(message);
  });

  it('plans a thousand /28 subnets in a /16 without gaps', () => {
    const subnets = planSubnets('10.0.0.0/16', 1000, 28);
    expect(subnets).toHaveLength(1000);
    expect(subnets[999]).toBe('10.0.62.112/28');
  });
});

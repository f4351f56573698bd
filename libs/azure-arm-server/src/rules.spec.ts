import { describe, expect, it } from 'vitest';
import { ArmError } from './errors';
import { cidrContains, cidrsOverlap, nthAddress } from './kinds/cidr';
import { RULES, checkName } from './names';
import { checkTags } from './tags';

const codeOf = (fn: () => unknown) => {
  try {
    fn();
    return 'ok';
  } catch (error) {
    return (error as ArmError).code;
  }
};

describe('name rules', () => {
  it.each([
    ['resourceGroup', 'rg-1.(a)_b', 'ok'],
    ['resourceGroup', 'rg.', 'InvalidResourceName'],
    ['resourceGroup', 'r'.repeat(91), 'InvalidResourceName'],
    ['virtualNetwork', 'vnet_', 'ok'],
    ['virtualNetwork', 'v', 'InvalidResourceName'],
    ['virtualNetwork', '-vnet', 'InvalidResourceName'],
    ['network80', 'a', 'ok'],
    ['network80', 'nic-0.x', 'ok'],
    ['network80', 'nic-', 'InvalidResourceName'],
    ['virtualMachine', 'cp-0', 'ok'],
    ['virtualMachine', 'cp_0', 'ok'],
    ['virtualMachine', '_cp', 'InvalidResourceName'],
    ['virtualMachine', 'cp.0', 'ok'],
    ['virtualMachine', 'cp.', 'InvalidResourceName'],
    ['virtualMachine', 'cp-', 'InvalidResourceName'],
    ['dnsZone', 'a1b2.strata.internal', 'ok'],
    ['dnsZone', 'single', 'InvalidResourceName'],
    ['recordSet', '@', 'ok'],
    ['recordSet', 'api-int', 'ok'],
    ['recordSet', '*.apps', 'ok'],
  ] as const)('%s %j → %s', (rule, name, code) => {
    expect(codeOf(() => checkName(RULES[rule], name, 'type'))).toBe(code);
  });
});

describe('tag limits', () => {
  it.each([
    [{ 'strata.io_cluster': 'a1b2' }, 'ok'],
    [{ 'a<b': 'x' }, 'InvalidTagNameCharacters'],
    [{ 'a\\b': 'x' }, 'InvalidTagNameCharacters'],
    [{ 'a?b': 'x' }, 'InvalidTagNameCharacters'],
    [{ 'a&b': 'x' }, 'InvalidTagNameCharacters'],
    [{ '': 'x' }, 'InvalidTagNameLength'],
    [{ k: 1 }, 'InvalidRequestContent'],
  ] as const)('%j → %s', (tags, code) => {
    expect(codeOf(() => checkTags(tags))).toBe(code);
  });
});

describe('CIDR arithmetic', () => {
  it.each([
    ['10.0.0.0/16', '10.0.128.0/17', true],
    ['10.0.0.0/16', '10.1.0.0/24', false],
    ['10.0.0.0/16', '10.0.0.0/16', true],
  ])('%s contains %s: %s', (outer, inner, result) => {
    expect(cidrContains(outer, inner)).toBe(result);
  });
  it('finds overlaps and the first usable addresses', () => {
    expect(cidrsOverlap('10.0.0.0/24', '10.0.0.128/25')).toBe(true);
    expect(cidrsOverlap('10.0.0.0/25', '10.0.0.128/25')).toBe(false);
    expect(nthAddress('10.0.1.0/24', 0)).toBe('10.0.1.4');
    expect(nthAddress('10.0.1.0/24', 252)).toBe('10.0.2.0');
  });
});

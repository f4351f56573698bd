import { describe, expect, it } from 'vitest';
import { compareVersions } from './versions';
import { nextVersion } from './updates';

describe('compareVersions', () => {
  it.each([
    ['3510.2.0', '3510.2.1', -1],
    ['3510.10.0', '3510.9.9', 1],
    ['1.0', '1.0.0', 0],
    ['1.0.0-rc1', '1.0.0', -1],
    ['1.0.0-rc.2', '1.0.0-rc.10', -1],
    ['1.0.0+build5', '1.0.0', 0],
    ['dev-build', '1.0.0', 1],
    ['0.0.0.0', '3510.2.0', -1],
    ['4231.0.0_beta', '4231.0.0', 1],
  ])('%s vs %s is %i', (a, b, expected) => {
    expect(compareVersions(a, b)).toBe(expected);
    expect(compareVersions(b, a)).toBe(-expected || 0);
  });
});

describe('nextVersion', () => {
  it('is the first floor above the machine, then the target', () => {
    expect(nextVersion('1.0.0', '3.0.0', ['2.0.0', '1.5.0'], false)).toBe('1.5.0');
    expect(nextVersion('1.5.0', '3.0.0', ['2.0.0', '1.5.0'], false)).toBe('2.0.0');
    expect(nextVersion('2.0.0', '3.0.0', ['2.0.0', '1.5.0'], false)).toBe('3.0.0');
    expect(nextVersion('3.0.0', '3.0.0', ['2.0.0'], false)).toBeNull();
  });
  it('moves a newer machine back only when a downgrade is allowed', () => {
    expect(nextVersion('4.0.0', '3.0.0', [], false)).toBeNull();
    expect(nextVersion('4.0.0', '3.0.0', ['3.5.0'], true)).toBe('3.0.0');
  });
});

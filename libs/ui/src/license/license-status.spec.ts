import { describe, expect, it } from 'vitest';
import { licenseHeadline, needsBanner, type LicenseStatusWord } from './license-status';

describe('needsBanner', () => {
  it.each<[LicenseStatusWord, boolean]>([
    ['VALID', false],
    ['FREE_TIER', false],
    ['OVER_LIMIT_GRACE', true],
    ['OVER_LIMIT', true],
    ['EXPIRED_GRACE', true],
    ['EXPIRED', true],
    ['INVALID', true],
    ['REVOKED', true],
  ])('%s → %s', (status, expected) => {
    expect(needsBanner({ status })).toBe(expected);
  });

  it('shows no banner before the state is known', () => {
    expect(needsBanner(undefined)).toBe(false);
  });
});

describe('licenseHeadline', () => {
  it('names the grace period when one runs', () => {
    expect(licenseHeadline('OVER_LIMIT_GRACE')).toMatch(/grace/);
    expect(licenseHeadline('EXPIRED_GRACE')).toMatch(/grace/);
  });
});

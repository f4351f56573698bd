import { describe, expect, it } from 'vitest';
import { LicenseClaimsSchema } from './claims';
import { problemsOf } from './problems';
import { sampleClaims } from './testing/sample-claims';

describe('LicenseClaimsSchema', () => {
  it('accepts a complete v1 license', () => {
    expect(LicenseClaimsSchema.parse(sampleClaims())).toEqual(sampleClaims());
  });

  it('ignores claims it does not know, so additive v1 changes stay readable', () => {
    expect(LicenseClaimsSchema.parse({ ...sampleClaims(), region: 'eu' })).toEqual(sampleClaims());
  });

  it.each([
    ['v', { v: 2 }, 'v'],
    ['license id with spaces', { licenseId: 'lic 1' }, 'licenseId'],
    ['empty customer name', { customer: { id: 'c', name: ' ' } }, 'customer.name'],
    ['plan in capitals', { plan: 'Gold' }, 'plan'],
    ['zero nodes', { nodes: 0 }, 'nodes'],
    ['fractional nodes', { nodes: 1.5 }, 'nodes'],
    ['bad feature name', { features: ['ok', 'Not OK'] }, 'features[1]'],
    ['repeated feature', { features: ['a', 'a'] }, 'features'],
    ['non-ISO expiry', { expiresAt: 'next year' }, 'expiresAt'],
    ['expiry before notBefore', { expiresAt: '2025-01-01T00:00:00Z' }, 'expiresAt'],
    ['negative grace', { graceDays: -1 }, 'graceDays'],
  ])('rejects %s with a problem at its path', (_name, override, path) => {
    const result = LicenseClaimsSchema.safeParse({ ...sampleClaims(), ...override });
    expect(result.success).toBe(false);
    if (!result.success) expect(problemsOf(result.error).map((p) => p.path)).toContain(path);
  });

  it('reports every problem at once', () => {
    const result = LicenseClaimsSchema.safeParse({ ...sampleClaims(), nodes: -3, plan: '', graceDays: 1000 });
    expect(result.success).toBe(false);
    if (!result.success)
      expect(
        problemsOf(result.error)
          .map((p) => p.path)
          .sort(),
      ).toEqual(['graceDays', 'nodes', 'plan']);
  });
});

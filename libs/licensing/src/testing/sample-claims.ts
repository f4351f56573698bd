import type { LicenseClaims } from '../claims';

/** Claims of a 50-node license valid through 2027, for tests. */
export function sampleClaims(overrides: Partial<LicenseClaims> = {}): LicenseClaims {
  return {
    v: 1,
    licenseId: 'lic_test0001',
    customer: { id: 'cus_acme', name: 'ACME Corp' },
    plan: 'standard',
    nodes: 50,
    features: ['console', 'support'],
    issuedAt: '2026-01-01T00:00:00.000Z',
    notBefore: '2026-01-01T00:00:00.000Z',
    expiresAt: '2027-01-01T00:00:00.000Z',
    graceDays: 14,
    ...overrides,
  };
}

/** An instant while `sampleClaims()` is active. */
export const DURING = new Date('2026-06-01T00:00:00Z');

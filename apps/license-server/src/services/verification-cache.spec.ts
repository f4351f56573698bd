import { generateLicenseKeyPair, signLicense, trustedKeysFromJwks, type LicenseClaims } from '@strata/licensing';
import { describe, expect, it } from 'vitest';
import { VerificationCache } from './verification-cache';

const claims: LicenseClaims = {
  v: 1,
  licenseId: 'lic_cache',
  customer: { id: 'cus_c', name: 'Cache Co' },
  plan: 'standard',
  nodes: 20,
  features: [],
  issuedAt: '2026-01-01T00:00:00.000Z',
  notBefore: '2026-01-01T00:00:00.000Z',
  expiresAt: '2027-01-01T00:00:00.000Z',
  graceDays: 7,
};

describe('VerificationCache', () => {
  it('answers like verifyLicense and recomputes the timing for each call', async () => {
    const keys = generateLicenseKeyPair();
    const token = await signLicense(claims, keys.privateJwk, keys.kid);
    const cache = new VerificationCache(trustedKeysFromJwks(keys.jwks));
    expect(cache.verify(token, new Date('2026-06-01T00:00:00Z'))).toMatchObject({ ok: true, timing: 'active' });
    expect(cache.verify(token, new Date('2027-01-03T00:00:00Z'))).toMatchObject({ ok: true, timing: 'expired-grace' });
    expect(cache.verify(token, new Date('2027-02-01T00:00:00Z'))).toMatchObject({ ok: true, timing: 'expired' });
    expect(cache.size).toBe(1);
  });

  it('remembers failures too and keeps a tampered token apart from the genuine one', async () => {
    const keys = generateLicenseKeyPair();
    const token = await signLicense(claims, keys.privateJwk, keys.kid);
    const cache = new VerificationCache(trustedKeysFromJwks(keys.jwks));
    const tampered = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    expect(cache.verify(tampered, new Date()).ok).toBe(false);
    expect(cache.verify(token, new Date()).ok).toBe(true);
    expect(cache.verify(tampered, new Date()).ok).toBe(false);
  });

  it('holds at most its capacity, dropping the least recently used', async () => {
    const keys = generateLicenseKeyPair();
    const cache = new VerificationCache(trustedKeysFromJwks(keys.jwks), 2);
    const tokens = await Promise.all(['a', 'b', 'c'].map((id) => signLicense({ ...claims, licenseId: `lic_${id}` }, keys.privateJwk, keys.kid)));
    cache.verify(tokens[0]!, new Date());
    cache.verify(tokens[1]!, new Date());
    cache.verify(tokens[0]!, new Date());
    cache.verify(tokens[2]!, new Date());
    expect(cache.size).toBe(2);
  });
});

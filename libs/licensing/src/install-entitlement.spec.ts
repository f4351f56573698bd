import { beforeAll, describe, expect, it } from 'vitest';
import { checkInstallEntitlement } from './install-entitlement';
import { generateLicenseKeyPair, type LicenseKeyPair } from './keygen';
import { signLicense } from './sign';
import { DURING, sampleClaims } from './testing/sample-claims';

let keys: LicenseKeyPair;
let license50: string;

beforeAll(async () => {
  keys = generateLicenseKeyPair();
  license50 = await signLicense(sampleClaims({ nodes: 50 }), keys.privateJwk, keys.kid);
});

describe('checkInstallEntitlement', () => {
  it('lets 10 nodes install without a license', () => {
    expect(checkInstallEntitlement({ requestedNodes: 10, now: DURING })).toMatchObject({ allowed: true, status: 'FREE_TIER', allowedNodes: 10 });
  });

  it('refuses 11 nodes without a license, naming the count, the limit and how to add a license', () => {
    const result = checkInstallEntitlement({ requestedNodes: 11, now: DURING });
    expect(result).toMatchObject({ allowed: false, status: 'OVER_LIMIT', allowedNodes: 10 });
    expect(result.message).toContain('11 nodes');
    expect(result.message).toContain('10 nodes');
    expect(result.message).toContain('spec.license.file');
    expect(result.message).toContain('--license FILE');
  });

  it('counts the nodes already running', () => {
    const result = checkInstallEntitlement({ requestedNodes: 3, existingNodes: 8, now: DURING });
    expect(result).toMatchObject({ allowed: false, nodes: 11 });
    expect(result.message).toContain('8 already running + 3 requested');
  });

  it('lets 11 nodes install with a 50-node license', () => {
    const result = checkInstallEntitlement({ requestedNodes: 11, licenseToken: license50, trustedKeys: keys.jwks, now: DURING });
    expect(result).toMatchObject({ allowed: true, status: 'VALID', allowedNodes: 50 });
  });

  it('refuses 51 nodes with a 50-node license', () => {
    const result = checkInstallEntitlement({
      requestedNodes: 51,
      licenseToken: license50,
      licenseSource: '--license acme.lic',
      trustedKeys: keys.jwks,
      now: DURING,
    });
    expect(result).toMatchObject({ allowed: false, status: 'OVER_LIMIT', allowedNodes: 50 });
    expect(result.message).toContain('--license acme.lic allows 50 nodes');
  });

  it('refuses to grow a platform that is already in its over-limit grace period', () => {
    expect(checkInstallEntitlement({ requestedNodes: 1, existingNodes: 52, licenseToken: license50, trustedKeys: keys.jwks, now: DURING })).toMatchObject({
      allowed: false,
      status: 'OVER_LIMIT',
    });
  });

  it('refuses a supplied license that does not verify, saying why', () => {
    const tampered = license50.slice(0, -2) + (license50.endsWith('AA') ? 'BA' : 'AA');
    const result = checkInstallEntitlement({
      requestedNodes: 3,
      licenseToken: tampered,
      licenseSource: 'spec.license.file',
      trustedKeys: keys.jwks,
      now: DURING,
    });
    expect(result).toMatchObject({ allowed: false, status: 'INVALID' });
    expect(result.message).toContain('spec.license.file is not a valid Strata license');
  });

  it('refuses a license signed by a key the product does not trust', () => {
    const result = checkInstallEntitlement({ requestedNodes: 3, licenseToken: license50, trustedKeys: generateLicenseKeyPair().jwks, now: DURING });
    expect(result).toMatchObject({ allowed: false, status: 'INVALID' });
  });

  it('allows installs within the entitlement during the expiry grace period', () => {
    expect(
      checkInstallEntitlement({ requestedNodes: 20, licenseToken: license50, trustedKeys: keys.jwks, now: new Date('2027-01-05T00:00:00Z') }),
    ).toMatchObject({
      allowed: true,
      status: 'EXPIRED_GRACE',
    });
  });

  it('falls back to the free tier once the license and its grace expired', () => {
    const later = new Date('2027-03-01T00:00:00Z');
    expect(checkInstallEntitlement({ requestedNodes: 10, licenseToken: license50, trustedKeys: keys.jwks, now: later })).toMatchObject({
      allowed: true,
      status: 'EXPIRED',
    });
    expect(checkInstallEntitlement({ requestedNodes: 11, licenseToken: license50, trustedKeys: keys.jwks, now: later })).toMatchObject({
      allowed: false,
      status: 'EXPIRED',
    });
  });

  it.each([-1, 1.5, Number.NaN])('refuses a nonsensical node count %s', (requestedNodes) => {
    expect(checkInstallEntitlement({ requestedNodes, now: DURING }).allowed).toBe(false);
  });
});

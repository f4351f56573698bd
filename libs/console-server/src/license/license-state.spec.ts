import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '@strata/errors';
import { generateLicenseKeyPair, signLicense, type LicenseClaims } from '@strata/licensing';
import { sampleClaims } from '@strata/licensing/testing';
import { BACKENDS, openTestStore, type TestStore } from '../testing/test-stores';
import { installedLicense, licenseState, removeLicense, setLicense } from './license-state';
import { recordUsage, usageHistory } from './usage';

const DAY = 86_400_000;
const T0 = new Date('2026-06-01T00:00:00Z');
const day = (n: number) => new Date(T0.getTime() + n * DAY);

const vendor = generateLicenseKeyPair({ kid: 'test-vendor-key' });
const stranger = generateLicenseKeyPair({ kid: 'test-vendor-key' });
const trustedKeys = vendor.jwks;

/** The sample 50-node license, as this suite's own license id and features. */
function claims(overrides: Partial<LicenseClaims> = {}): LicenseClaims {
  return sampleClaims({ licenseId: 'lic_console01', features: ['console'], ...overrides });
}

describe.each(BACKENDS)('license state on %s', (backend) => {
  // Every test starts from an empty store (free tier, no usage), so the tests hold in any order.
  let test: TestStore;
  beforeEach(async () => {
    test = await openTestStore(backend);
  });
  afterEach(() => test.drop());

  /** Installs the sample 50-node license, signed by the trusted vendor key, at T0. */
  async function installSampleLicense(): Promise<void> {
    await setLicense(test.store, await signLicense(claims(), vendor.privateJwk, vendor.kid), { trustedKeys, now: T0 });
  }

  it('starts on the free tier', async () => {
    expect(await installedLicense(test.store, { trustedKeys })).toBeUndefined();
    expect(await licenseState(test.store, { nodesAcrossClusters: 8, now: T0, trustedKeys })).toMatchObject({ status: 'FREE_TIER', allowedNodes: 10, nodes: 8 });
  });

  it('starts a real grace period when the free tier is exceeded, and ends it when back under', async () => {
    const over = await licenseState(test.store, { nodesAcrossClusters: 12, now: T0, trustedKeys });
    expect(over).toMatchObject({ status: 'OVER_LIMIT_GRACE', allowedNodes: 10, nodes: 12, graceDeadline: day(30), overLimitSince: T0 });
    // Ten days later the deadline has not moved: the start was recorded.
    expect(await licenseState(test.store, { nodesAcrossClusters: 13, now: day(10), trustedKeys })).toMatchObject({
      status: 'OVER_LIMIT_GRACE',
      graceDeadline: day(30),
      overLimitSince: T0,
    });
    expect(await licenseState(test.store, { nodesAcrossClusters: 12, now: day(31), trustedKeys })).toMatchObject({ status: 'OVER_LIMIT', overLimitSince: T0 });
    const back = await licenseState(test.store, { nodesAcrossClusters: 9, now: day(32), trustedKeys });
    expect(back.status).toBe('FREE_TIER');
    expect(back.overLimitSince).toBeUndefined();
    // Going over again starts a new grace period.
    expect(await licenseState(test.store, { nodesAcrossClusters: 11, now: day(40), trustedKeys })).toMatchObject({
      status: 'OVER_LIMIT_GRACE',
      graceDeadline: day(70),
    });
    expect((await licenseState(test.store, { nodesAcrossClusters: 10, now: day(41), trustedKeys })).status).toBe('FREE_TIER');
  });

  it.each([
    ['garbage', 'not-a-license'],
    ['a license signed by an untrusted key', 'stranger'],
  ])('refuses %s', async (_, which) => {
    const token = which === 'stranger' ? await signLicense(claims(), stranger.privateJwk, stranger.kid) : which;
    const setting = setLicense(test.store, token, { trustedKeys, now: T0 });
    await expect(setting).rejects.toBeInstanceOf(InputError);
    await expect(setting).rejects.toThrow(/the license is not valid/);
    expect(await installedLicense(test.store, { trustedKeys })).toBeUndefined();
  });

  it('refuses a license past its grace period', async () => {
    const token = await signLicense(claims({ expiresAt: '2026-03-01T00:00:00.000Z' }), vendor.privateJwk, vendor.kid);
    await expect(setLicense(test.store, token, { trustedKeys, now: T0 })).rejects.toThrow(/expired on 2026-03-01/);
  });

  it('installs a verified license and evaluates against it', async () => {
    const token = await signLicense(claims(), vendor.privateJwk, vendor.kid);
    expect(await setLicense(test.store, `${token}\n`, { trustedKeys, now: T0 })).toMatchObject({ licenseId: 'lic_console01', nodes: 50 });
    const installed = await installedLicense(test.store, { trustedKeys, now: T0 });
    expect(installed).toMatchObject({ token, installedAt: T0, verification: { ok: true } });
    expect(await licenseState(test.store, { nodesAcrossClusters: 40, now: T0, trustedKeys })).toMatchObject({
      status: 'VALID',
      allowedNodes: 50,
      licenseId: 'lic_console01',
    });
    expect(await licenseState(test.store, { nodesAcrossClusters: 60, now: day(1), trustedKeys })).toMatchObject({
      status: 'OVER_LIMIT_GRACE',
      graceDeadline: day(15),
    });
    expect(await licenseState(test.store, { nodesAcrossClusters: 60, now: day(16), trustedKeys })).toMatchObject({ status: 'OVER_LIMIT' });
    expect((await licenseState(test.store, { nodesAcrossClusters: 50, now: day(17), trustedKeys })).status).toBe('VALID');
  });

  it('reports a stored license that no longer verifies as INVALID', async () => {
    await installSampleLicense();
    expect((await licenseState(test.store, { nodesAcrossClusters: 5, now: T0, trustedKeys })).status).toBe('VALID');
    expect(await licenseState(test.store, { nodesAcrossClusters: 5, now: T0, trustedKeys: stranger.jwks })).toMatchObject({
      status: 'INVALID',
      allowedNodes: 10,
    });
  });

  it('refuses a negative node count', async () => {
    await expect(licenseState(test.store, { nodesAcrossClusters: -1 })).rejects.toBeInstanceOf(InputError);
  });

  it('records usage samples with what was allowed, for the chart', async () => {
    await installSampleLicense();
    await recordUsage(test.store, 30, { trustedKeys, now: day(1) });
    await recordUsage(test.store, 45, { trustedKeys, now: day(2) });
    await removeLicense(test.store);
    await recordUsage(test.store, 9, { trustedKeys, now: day(3) });
    expect(await usageHistory(test.store)).toEqual([
      { at: day(1), nodes: 30, allowed: 50 },
      { at: day(2), nodes: 45, allowed: 50 },
      { at: day(3), nodes: 9, allowed: 10 },
    ]);
    expect(await usageHistory(test.store, { since: day(2) })).toHaveLength(2);
    expect((await usageHistory(test.store, { limit: 1 })).map((s) => s.nodes)).toEqual([9]);
    await expect(recordUsage(test.store, 1.5)).rejects.toBeInstanceOf(InputError);
  });

  it('drops samples older than the retention', async () => {
    await recordUsage(test.store, 30, { trustedKeys, now: day(1) });
    await recordUsage(test.store, 45, { trustedKeys, now: day(2) });
    expect(await usageHistory(test.store)).toHaveLength(2);
    await recordUsage(test.store, 7, { trustedKeys, now: day(500) });
    expect((await usageHistory(test.store)).map((s) => s.nodes)).toEqual([7]);
  });
});

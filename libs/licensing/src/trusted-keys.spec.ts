import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { generateLicenseKeyPair } from './keygen';
import { SHIPPED_JWKS } from './shipped-keys';
import { signLicense } from './sign';
import { DURING, sampleClaims } from './testing/sample-claims';
import { loadTrustedKeys, TRUSTED_KEYS_ENV } from './trusted-keys';
import { verifyLicense } from './verify';

const dir = mkdtempSync(join(tmpdir(), 'strata-keys-'));
const original = process.env[TRUSTED_KEYS_ENV];
afterEach(() => {
  if (original === undefined) delete process.env[TRUSTED_KEYS_ENV];
  else process.env[TRUSTED_KEYS_ENV] = original;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function writeJson(name: string, value: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(value));
  return path;
}

describe('shipped keys', () => {
  it('holds only public Ed25519 keys with key ids', () => {
    expect(SHIPPED_JWKS.keys.length).toBeGreaterThan(0);
    for (const key of SHIPPED_JWKS.keys) {
      expect(key).toMatchObject({ kty: 'OKP', crv: 'Ed25519' });
      expect(key).not.toHaveProperty('d');
    }
  });
});

describe('loadTrustedKeys', () => {
  it('trusts the shipped keys by default', () => {
    const keys = loadTrustedKeys({ env: {} });
    expect([...keys.byKid.keys()]).toEqual(SHIPPED_JWKS.keys.map((k) => k.kid));
  });

  it('adds the keys of every JWKS file in STRATA_LICENSE_TRUSTED_KEYS', () => {
    const a = generateLicenseKeyPair({ kid: 'vendor-a' });
    const b = generateLicenseKeyPair({ kid: 'vendor-b' });
    const env = { [TRUSTED_KEYS_ENV]: `${writeJson('a.json', a.jwks)}:${writeJson('b.json', b.jwks)}` };
    expect([...loadTrustedKeys({ env }).byKid.keys()]).toEqual([...SHIPPED_JWKS.keys.map((k) => k.kid), 'vendor-a', 'vendor-b']);
  });

  it('lets verifyLicense trust a key named by the environment variable', async () => {
    const vendor = generateLicenseKeyPair();
    const token = await signLicense(sampleClaims(), vendor.privateJwk, vendor.kid);
    expect(verifyLicense(token, { now: DURING })).toMatchObject({ ok: false, code: 'unknown-key' });
    process.env[TRUSTED_KEYS_ENV] = writeJson('vendor.json', vendor.jwks);
    expect(verifyLicense(token, { now: DURING })).toMatchObject({ ok: true });
  });

  it('refuses a file that lists private key material', () => {
    const pair = generateLicenseKeyPair();
    const env = { [TRUSTED_KEYS_ENV]: writeJson('private.json', { keys: [pair.privateJwk] }) };
    expect(() => loadTrustedKeys({ env })).toThrow(/not a valid JWKS/);
  });

  it('refuses a file that reuses a shipped key id for another key', () => {
    const shippedKid = SHIPPED_JWKS.keys[0]!.kid;
    const env = { [TRUSTED_KEYS_ENV]: writeJson('clash.json', generateLicenseKeyPair({ kid: shippedKid }).jwks) };
    expect(() => loadTrustedKeys({ env })).toThrow(/different key/);
  });

  it.each([
    ['missing file', () => join(dir, 'nope.json'), /reading trusted keys/],
    [
      'not JSON',
      () => {
        const p = join(dir, 'bad.json');
        writeFileSync(p, '{');
        return p;
      },
      /reading trusted keys/,
    ],
    ['RSA key', () => writeJson('rsa.json', { keys: [{ kty: 'RSA', n: 'x', e: 'AQAB', kid: 'r' }] }), /not a valid JWKS/],
  ])('reports a %s clearly', (_name, makePath, pattern) => {
    expect(() => loadTrustedKeys({ env: { [TRUSTED_KEYS_ENV]: makePath() } })).toThrow(pattern);
  });

  it('makes verifyLicense report unloadable keys as a failure, not a crash', async () => {
    process.env[TRUSTED_KEYS_ENV] = join(dir, 'missing.json');
    expect(verifyLicense('a.b.c')).toMatchObject({ ok: false });
    const pair = generateLicenseKeyPair();
    const token = await signLicense(sampleClaims(), pair.privateJwk, pair.kid);
    expect(verifyLicense(token)).toMatchObject({ ok: false, code: 'unknown-key' });
  });
});

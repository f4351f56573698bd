import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signLicense, verifyLicense } from '@strata/licensing';
import { afterAll, describe, expect, it } from 'vitest';
import { loadOrCreateSigningKey, readSigningKey } from './signing-key';

const dir = mkdtempSync(join(tmpdir(), 'strata-signing-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('loadOrCreateSigningKey', () => {
  it('creates a private key only its owner can read, plus its public JWKS, and reuses it', async () => {
    const path = join(dir, 'keys', 'signing-key.private.jwk.json');
    const created = loadOrCreateSigningKey(path);
    expect(created.created).toBe(true);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const jwks = JSON.parse(readFileSync(join(dir, 'keys', 'signing-key.jwks.json'), 'utf8')) as unknown;
    expect(jwks).toEqual(created.jwks);
    const again = loadOrCreateSigningKey(path);
    expect(again).toMatchObject({ created: false, kid: created.kid });
    const token = await signLicense(
      {
        v: 1,
        licenseId: 'lic_k',
        customer: { id: 'c', name: 'C' },
        plan: 'standard',
        nodes: 1,
        features: [],
        issuedAt: '2026-01-01T00:00:00Z',
        notBefore: '2026-01-01T00:00:00Z',
        expiresAt: '2027-01-01T00:00:00Z',
        graceDays: 0,
      },
      again.privateKey,
      again.kid,
    );
    expect(verifyLicense(token, { trustedKeys: created.jwks }).ok).toBe(true);
  });

  it.each([
    ['not JSON', '{', /reading signing key/],
    ['a public key', JSON.stringify({ kty: 'OKP', crv: 'Ed25519', x: 'AAAA', kid: 'k' }), /not a private Ed25519 JWK/],
    ['a key without kid', JSON.stringify({ kty: 'OKP', crv: 'Ed25519', x: 'AAAA', d: 'BBBB' }), /not a private Ed25519 JWK/],
  ])('refuses a key file that is %s', (_name, content, pattern) => {
    const path = join(dir, `bad-${_name.replace(/\W/g, '')}.json`);
    writeFileSync(path, content);
    expect(() => readSigningKey(path)).toThrow(pattern);
  });
});

import { compactVerify, CompactSign, createLocalJWKSet } from 'jose';
import { createPrivateKey } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateLicenseKeyPair, type LicenseKeyPair } from './keygen';
import { signLicense } from './sign';
import { DURING, sampleClaims } from './testing/sample-claims';
import { verifyLicense } from './verify';

let keys: LicenseKeyPair;
let token: string;

beforeAll(async () => {
  keys = generateLicenseKeyPair({ kid: 'test-key-1' });
  token = await signLicense(sampleClaims(), keys.privateJwk, keys.kid);
});

const BASE64URL_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

describe('verifyLicense', () => {
  it('accepts a license signed by a trusted key and returns its claims', () => {
    const result = verifyLicense(token, { trustedKeys: keys.jwks, now: DURING });
    expect(result).toEqual({ ok: true, claims: sampleClaims(), kid: 'test-key-1', timing: 'active' });
  });

  it('writes a standard compact JWS that jose verifies too', async () => {
    const { payload, protectedHeader } = await compactVerify(token, createLocalJWKSet(keys.jwks));
    expect(protectedHeader).toEqual({ alg: 'EdDSA', kid: 'test-key-1', typ: 'strata-license+jws' });
    expect(JSON.parse(new TextDecoder().decode(payload))).toEqual(sampleClaims());
  });

  it('accepts a license another JWS implementation signed with alg Ed25519', async () => {
    const foreign = await new CompactSign(new TextEncoder().encode(JSON.stringify(sampleClaims())))
      .setProtectedHeader({ alg: 'Ed25519', kid: keys.kid })
      .sign(createPrivateKey({ key: keys.privateJwk, format: 'jwk' }));
    expect(verifyLicense(foreign, { trustedKeys: keys.jwks }).ok).toBe(true);
  });

  it('refuses every single changed character anywhere in the token', () => {
    let tried = 0;
    for (let i = 0; i < token.length; i++) {
      const original = token[i]!;
      // Three replacements per position: neighbours in the alphabet flip low bits, which a
      // lenient base64url decoder would map back to the same bytes at the end of a segment.
      const index = BASE64URL_ALPHABET.indexOf(original);
      const replacements = original === '.' ? ['A', '_', '~'] : [BASE64URL_ALPHABET[(index + 1) % 64]!, BASE64URL_ALPHABET[(index + 32) % 64]!, '.'];
      for (const replacement of replacements) {
        const tampered = token.slice(0, i) + replacement + token.slice(i + 1);
        const result = verifyLicense(tampered, { trustedKeys: keys.jwks, now: DURING });
        expect(result.ok, `position ${i}: ${original} → ${replacement}`).toBe(false);
        tried++;
      }
    }
    expect(tried).toBe(token.length * 3);
  });

  it('refuses every single flipped bit of the decoded payload and signature', () => {
    const [header, payload, signature] = token.split('.') as [string, string, string];
    for (const [part, encode] of [
      ['payload', (b: Buffer) => `${header}.${b.toString('base64url')}.${signature}`],
      ['signature', (b: Buffer) => `${header}.${payload}.${b.toString('base64url')}`],
    ] as const) {
      const bytes = Buffer.from(part === 'payload' ? payload : signature, 'base64url');
      for (let i = 0; i < bytes.length; i++) {
        const copy = Buffer.from(bytes);
        copy[i] = copy[i]! ^ (1 << (i % 8));
        expect(verifyLicense(encode(copy), { trustedKeys: keys.jwks }).ok, `${part} byte ${i}`).toBe(false);
      }
    }
  });

  it('refuses a license whose key id is not trusted', () => {
    const other = generateLicenseKeyPair({ kid: 'other-key' });
    expect(verifyLicense(token, { trustedKeys: other.jwks })).toMatchObject({ ok: false, code: 'unknown-key' });
  });

  it('refuses a license signed by another key that claims a trusted key id', async () => {
    const impostor = generateLicenseKeyPair({ kid: keys.kid });
    const forged = await signLicense(sampleClaims({ nodes: 100000 }), impostor.privateJwk, keys.kid);
    expect(verifyLicense(forged, { trustedKeys: keys.jwks })).toMatchObject({ ok: false, code: 'bad-signature' });
  });

  it('refuses a re-signed payload spliced onto a genuine signature', async () => {
    const bigger = await signLicense(sampleClaims({ nodes: 100000 }), generateLicenseKeyPair().privateJwk, keys.kid);
    const spliced = [bigger.split('.')[0], bigger.split('.')[1], token.split('.')[2]].join('.');
    expect(verifyLicense(spliced, { trustedKeys: keys.jwks })).toMatchObject({ ok: false, code: 'bad-signature' });
  });

  it('refuses an unsigned token (alg none)', () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none', kid: keys.kid })).toString('base64url');
    const body = token.split('.')[1];
    expect(verifyLicense(`${header}.${body}.`, { trustedKeys: keys.jwks })).toMatchObject({ ok: false, code: 'unsupported-algorithm' });
  });

  it('refuses claims that fail the schema even when correctly signed', async () => {
    const pk = createPrivateKey({ key: keys.privateJwk, format: 'jwk' });
    const bad = await new CompactSign(new TextEncoder().encode(JSON.stringify({ ...sampleClaims(), nodes: 'lots' })))
      .setProtectedHeader({ alg: 'EdDSA', kid: keys.kid })
      .sign(pk);
    const result = verifyLicense(bad, { trustedKeys: keys.jwks });
    expect(result).toMatchObject({ ok: false, code: 'invalid-claims' });
    if (!result.ok) expect(result.reason).toContain('nodes');
  });

  it.each([
    ['empty', ''],
    ['two parts', 'abc.def'],
    ['four parts', 'a.b.c.d'],
    ['header not JSON', 'bm90IGpzb24.e30.AAAA'],
    ['header a JSON array', `${Buffer.from('[]').toString('base64url')}.e30.AAAA`],
    ['oversized', 'a'.repeat(20_000)],
    ['padding characters', `${'eyJhbGciOiJFZERTQSJ9'}=.e30.AAAA`],
  ])('refuses a malformed token (%s) without throwing', (_name, bad) => {
    expect(verifyLicense(bad, { trustedKeys: keys.jwks })).toMatchObject({ ok: false });
  });

  it('refuses a token carrying critical header extensions', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'EdDSA', kid: keys.kid, crit: ['exp'], exp: 1 })).toString('base64url');
    const [, payload, signature] = token.split('.');
    expect(verifyLicense(`${header}.${payload}.${signature}`, { trustedKeys: keys.jwks })).toMatchObject({ ok: false, code: 'malformed' });
  });

  it.each([
    [new Date('2025-12-31T23:59:59Z'), 'not-yet-valid'],
    [new Date('2026-01-01T00:00:00Z'), 'active'],
    [new Date('2027-01-01T00:00:00Z'), 'expired-grace'],
    [new Date('2027-01-14T23:59:59Z'), 'expired-grace'],
    [new Date('2027-01-15T00:00:00Z'), 'expired'],
  ])('at %s reports the timing %s', (now, timing) => {
    expect(verifyLicense(token, { trustedKeys: keys.jwks, now })).toMatchObject({ ok: true, timing });
  });
});

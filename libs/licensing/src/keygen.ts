import { createHash, generateKeyPairSync } from 'node:crypto';
import type { Jwks, PublicJwk } from './jwks';

/** A private Ed25519 JWK with the key id it signs under. Keep it secret. */
export type PrivateJwk = PublicJwk & { d: string };

/** A fresh license signing key pair. */
export interface LicenseKeyPair {
  kid: string;
  privateJwk: PrivateJwk;
  publicJwk: PublicJwk;
  /** A JWKS holding only the public key, ready to ship or to name in STRATA_LICENSE_TRUSTED_KEYS. */
  jwks: Jwks;
}

/** RFC 7638 thumbprint of an Ed25519 JWK: SHA-256 over the required members in lexical order. */
export function jwkThumbprint(jwk: { crv: string; kty: string; x: string }): string {
  const canonical = JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x });
  return createHash('sha256').update(canonical).digest('base64url');
}

/**
 * Generates an Ed25519 license signing key pair. Without `kid` the key id is the date plus
 * the start of the key's thumbprint (`2026-11-26-Xy3k9QaB`), so ids sort by age and never collide.
 */
export function generateLicenseKeyPair(options: { kid?: string; now?: Date } = {}): LicenseKeyPair {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const pub = publicKey.export({ format: 'jwk' });
  const priv = privateKey.export({ format: 'jwk' });
  if (typeof pub.x !== 'string' || typeof priv.d !== 'string') throw new Error('Ed25519 key export returned no key material');
  const base = { kty: 'OKP' as const, crv: 'Ed25519' as const, x: pub.x };
  const day = (options.now ?? new Date()).toISOString().slice(0, 10);
  const kid = options.kid ?? `${day}-${jwkThumbprint(base).slice(0, 8)}`;
  const publicJwk: PublicJwk = { ...base, kid, use: 'sig', alg: 'EdDSA' };
  return { kid, publicJwk, privateJwk: { ...publicJwk, d: priv.d }, jwks: { keys: [publicJwk] } };
}

import { createPrivateKey, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { InputError, withContext } from '@strata/errors';
import { generateLicenseKeyPair, PublicJwkSchema, type Jwks } from '@strata/licensing';
import { z } from 'zod';

/** The key the server signs licenses with. */
export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  /** The public half, to trust and to publish at /.well-known/jwks.json. */
  jwks: Jwks;
}

const PrivateJwkFileSchema = z.looseObject({ kty: z.literal('OKP'), crv: z.literal('Ed25519'), x: z.string(), d: z.string().min(1), kid: z.string().min(1) });

/** Reads a private Ed25519 JWK file as written by `npm run license -- keygen`. */
export function readSigningKey(path: string): SigningKey {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw withContext(new InputError(error instanceof Error ? error.message : String(error)), `reading signing key ${path}`);
  }
  const parsed = PrivateJwkFileSchema.safeParse(raw);
  if (!parsed.success) throw new InputError(`signing key ${path} is not a private Ed25519 JWK with a kid (as written by "npm run license -- keygen")`);
  const { kty, crv, x, d, kid } = parsed.data;
  const privateKey = createPrivateKey({ key: { kty, crv, x, d }, format: 'jwk' });
  const publicJwk = PublicJwkSchema.parse({ kty, crv, x, kid, use: 'sig', alg: 'EdDSA' });
  return { kid, privateKey, jwks: { keys: [publicJwk] } };
}

/**
 * Reads the signing key at `path`, or creates one there (mode 0600) when the file does not
 * exist yet, so a fresh server can issue licenses at once. `created` tells the caller to
 * say so: products trust such a key only when its JWKS is listed in STRATA_LICENSE_TRUSTED_KEYS.
 */
export function loadOrCreateSigningKey(path: string): SigningKey & { created: boolean } {
  if (existsSync(path)) return { ...readSigningKey(path), created: false };
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const pair = generateLicenseKeyPair();
  writeFileSync(path, `${JSON.stringify(pair.privateJwk, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  writeFileSync(path.replace(/(\.private)?\.jwk\.json$|$/, '.jwks.json'), `${JSON.stringify(pair.jwks, null, 2)}\n`);
  return { ...readSigningKey(path), created: true };
}

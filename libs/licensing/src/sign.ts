import { createPrivateKey, type KeyObject } from 'node:crypto';
import { CompactSign } from 'jose';
import { InputError } from '@strata/errors';
import { LicenseClaimsSchema, type LicenseClaims } from './claims';
import { problemsOf } from './problems';

/** The JOSE `typ` header of a Strata license; verification rejects tokens of any other type. */
export const LICENSE_TOKEN_TYPE = 'strata-license+jws';

/** A private key as a Node KeyObject or a private Ed25519 JWK (with `d`). */
export type LicenseSigningKey = KeyObject | { kty: 'OKP'; crv: 'Ed25519'; x: string; d: string };

/**
 * Signs license claims as a compact JWS (RFC 7515) with Ed25519, `alg: EdDSA`, carrying `kid`
 * in the protected header so products can pick the right public key after key rotation.
 * Throws InputError listing every invalid claim.
 */
export async function signLicense(claims: LicenseClaims, privateKey: LicenseSigningKey, kid: string): Promise<string> {
  const parsed = LicenseClaimsSchema.safeParse(claims);
  if (!parsed.success) throw new InputError('license claims are not valid', problemsOf(parsed.error));
  if (kid.length === 0 || kid.length > 128) throw new InputError('key id must be 1-128 characters', [{ path: 'kid', message: 'must be 1-128 characters' }]);
  const key = 'type' in privateKey ? privateKey : createPrivateKey({ key: { ...privateKey }, format: 'jwk' });
  if (key.type !== 'private' || key.asymmetricKeyType !== 'ed25519') throw new InputError('license signing key must be a private Ed25519 key');
  return new CompactSign(new TextEncoder().encode(JSON.stringify(parsed.data))).setProtectedHeader({ alg: 'EdDSA', kid, typ: LICENSE_TOKEN_TYPE }).sign(key);
}

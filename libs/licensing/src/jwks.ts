import { createPublicKey, type KeyObject } from 'node:crypto';
import { InputError } from '@strata/errors';
import { z } from 'zod';
import { problemsOf } from './problems';

/** A public Ed25519 signing key as a JSON Web Key (RFC 8037), identified by `kid`. */
export const PublicJwkSchema = z
  .looseObject({
    kty: z.literal('OKP', { error: 'must be "OKP" (Ed25519 keys only)' }),
    crv: z.literal('Ed25519', { error: 'must be "Ed25519"' }),
    x: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'must be the 32-byte public key in base64url'),
    kid: z.string().min(1, 'must name the key').max(128, 'must be at most 128 characters'),
    use: z.literal('sig', { error: 'must be "sig" when present' }).optional(),
    alg: z.enum(['EdDSA', 'Ed25519'], { error: 'must be "EdDSA" or "Ed25519" when present' }).optional(),
  })
  .superRefine((jwk, ctx) => {
    if (jwk['d'] !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['d'], message: 'private key material must never be listed as a trusted key' });
    }
  })
  // Keep only the public members; anything else a JWKS carries is not ours to trust.
  .transform(({ kty, crv, x, kid, use, alg }) => ({ kty, crv, x, kid, ...(use ? { use } : {}), ...(alg ? { alg } : {}) }));

/** A public JWK accepted as a license signing key. */
export type PublicJwk = z.infer<typeof PublicJwkSchema>;

/** A JSON Web Key Set (RFC 7517 §5) of license signing keys. */
export const JwksSchema = z.object({ keys: z.array(PublicJwkSchema) });

/** A JSON Web Key Set of license signing keys. */
export type Jwks = z.infer<typeof JwksSchema>;

/** License signing keys ready for verification, looked up by key id. */
export interface TrustedKeys {
  /** Key objects by `kid`, imported once so that verification does no parsing. */
  readonly byKid: ReadonlyMap<string, KeyObject>;
  /** The same keys as a JWKS, for display and for serving. */
  readonly jwks: Jwks;
}

/**
 * Validates a JWKS and imports its keys. `source` names where it came from, for messages.
 * Throws InputError listing every problem, or when one `kid` names two different keys.
 */
export function trustedKeysFromJwks(input: unknown, source = 'JWKS'): TrustedKeys {
  const parsed = JwksSchema.safeParse(input);
  if (!parsed.success) throw new InputError(`${source} is not a valid JWKS of Ed25519 public keys`, problemsOf(parsed.error));
  return mergeTrustedKeys([{ jwks: parsed.data, source }]);
}

/** Combines key sets; a `kid` listed twice must carry the same key. */
export function mergeTrustedKeys(sets: readonly { jwks: Jwks; source: string }[]): TrustedKeys {
  const byKid = new Map<string, KeyObject>();
  const keys: PublicJwk[] = [];
  for (const { jwks, source } of sets) {
    for (const jwk of jwks.keys) {
      const known = keys.find((k) => k.kid === jwk.kid);
      if (known) {
        if (known.x !== jwk.x) throw new InputError(`${source} lists key id "${jwk.kid}" with a different key than an already trusted key`);
        continue;
      }
      byKid.set(jwk.kid, createPublicKey({ key: { kty: jwk.kty, crv: jwk.crv, x: jwk.x }, format: 'jwk' }));
      keys.push(jwk);
    }
  }
  return { byKid, jwks: { keys } };
}

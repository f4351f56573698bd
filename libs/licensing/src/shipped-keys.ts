import { JwksSchema, type Jwks } from './jwks';
import shipped from './strata-license-keys.jwks.json' with { type: 'json' };

/**
 * The public keys of Strata's license signing keys, shipped with every product build.
 * To rotate: add the new key to strata-license-keys.jwks.json, release, and only then sign
 * with it; keep old keys listed until every license they signed has expired.
 * The private keys are never in this repository.
 */
export const SHIPPED_JWKS: Jwks = JwksSchema.parse(shipped);

import type { TrustedKeys } from '@strata/licensing';
import type { Store } from '../store/store';
import type { SigningKey } from './signing-key';
import type { VerificationCache } from './verification-cache';

/** What the services need: storage, the signing key, the keys licenses are verified against, a clock. */
export interface ServiceContext {
  store: Store;
  signingKey: SigningKey;
  trustedKeys: TrustedKeys;
  /** Verifies license tokens against `trustedKeys`, remembering outcomes. */
  verifier: VerificationCache;
  now: () => Date;
}

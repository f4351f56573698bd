import type { TrustedKeys } from '@strata/licensing';
import type { Store } from '../store/store';
import type { SigningKey } from './signing-key';

/** What the services need: storage, the signing key, the keys licenses are verified against, a clock. */
export interface ServiceContext {
  store: Store;
  signingKey: SigningKey;
  trustedKeys: TrustedKeys;
  now: () => Date;
}

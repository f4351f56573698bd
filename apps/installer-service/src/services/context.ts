import type { Logger } from '@strata/log';
import type { InstallRunner } from '../runner/install-runner';
import type { CredentialBox } from '../secrets/credential-box';
import type { Store } from '../store/store';

/** What the routes work with. */
export interface ServiceContext {
  store: Store;
  box: CredentialBox;
  runner: InstallRunner;
  log: Logger;
}

import { EventEmitter } from 'node:events';
import type { Database } from '@strata/sql';
import { AuditRepo } from './audit-repo';
import { CredentialsRepo } from './credentials-repo';
import { InstallsRepo, type InstallRecord, type NewInstallEvent } from './installs-repo';
import { PlansRepo } from './plans-repo';
import type { InstallEvent } from '@strata/install-contract';

/**
 * The service's database and who is told when an install's history grows. Event streams
 * read from the database, never from the notification itself, so what a client receives is
 * always what was committed.
 */
export class Store {
  readonly credentials: CredentialsRepo;
  readonly plans: PlansRepo;
  readonly installs: InstallsRepo;
  readonly audit: AuditRepo;
  private readonly appended = new EventEmitter();

  constructor(readonly db: Database) {
    this.credentials = new CredentialsRepo(db);
    this.plans = new PlansRepo(db);
    this.installs = new InstallsRepo(db);
    this.audit = new AuditRepo(db);
    this.appended.setMaxListeners(0);
  }

  /** Appends events to an install's history and tells its listeners. */
  async append(
    id: string,
    events: readonly NewInstallEvent[],
    check?: (install: InstallRecord) => void,
  ): Promise<{ install: InstallRecord; events: InstallEvent[] }> {
    const result = await this.installs.append(id, events, check);
    if (result.events.length > 0) this.appended.emit(id);
    return result;
  }

  /** Calls `listener` whenever events of install `id` were committed; returns the unsubscribe. */
  onAppend(id: string, listener: () => void): () => void {
    this.appended.on(id, listener);
    return () => this.appended.off(id, listener);
  }
}

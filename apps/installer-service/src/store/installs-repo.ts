import {
  applyInstallEvent,
  InstallEventSchema,
  type InstallEvent,
  type InstallSnapshot,
  type InstallState,
  type InstallSummary,
} from '@strata/install-contract';
import type { Database, Queryable, Row } from '@strata/sql';
import { json, str, strOrNull } from './rows';

/** An event before the store gives it its place in the install's history. */
export type NewInstallEvent = InstallEvent extends infer E ? (E extends InstallEvent ? Omit<E, 'seq' | 'at'> : never) : never;

/** What an install runs: the install itself, or the destroy of what it built. */
export type InstallOperation = 'install' | 'destroy';

/** One install as stored: its request and its current snapshot. */
export interface InstallRecord {
  id: string;
  cluster: string;
  platform: string;
  state: InstallState;
  operation: InstallOperation;
  /** The document as submitted, and its format. */
  document: string;
  format: 'yaml' | 'json';
  credentialId: string | null;
  /** The license text it was installed with, if any. */
  license: string | null;
  snapshot: InstallSnapshot;
}

function toInstall(r: Row): InstallRecord {
  return {
    id: str(r['id']),
    cluster: str(r['cluster']),
    platform: str(r['platform']),
    state: str(r['state']) as InstallState,
    operation: str(r['operation']) as InstallOperation,
    document: str(r['document']),
    format: str(r['format']) === 'json' ? 'json' : 'yaml',
    credentialId: strOrNull(r['credential_id']),
    license: strOrNull(r['license']),
    snapshot: json<InstallSnapshot>(r, 'snapshot'),
  };
}

function summaryOf(s: InstallSnapshot): InstallSummary {
  return {
    id: s.id,
    cluster: s.cluster,
    platform: s.platform,
    until: s.until,
    state: s.state,
    createdAt: s.createdAt,
    createdBy: s.createdBy,
    updatedAt: s.updatedAt,
  };
}

/** States in which an install is still working (or about to). */
export const LIVE_STATES: readonly InstallState[] = ['pending', 'running', 'cancelling', 'destroying'];

/**
 * Installs, their event history and the idempotency keys they were created with. Every event
 * is appended in one transaction with the snapshot it folds into, numbered one past the
 * install's last: the history is gap-free and the snapshot never runs ahead of it.
 */
export class InstallsRepo {
  constructor(private readonly db: Database) {}

  /** Stores a new install (and the key it was requested with) in its first snapshot. */
  async insert(install: InstallRecord, idempotency: { key: string; bodyHash: string; user: string } | undefined, tx: Queryable = this.db): Promise<void> {
    const at = Date.parse(install.snapshot.createdAt);
    await tx.run(
      `INSERT INTO installs (id, cluster, platform, state, operation, document, format, credential_id, license, snapshot, last_seq, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12)`,
      [
        install.id,
        install.cluster,
        install.platform,
        install.state,
        install.operation,
        install.document,
        install.format,
        install.credentialId,
        install.license,
        JSON.stringify(install.snapshot),
        install.snapshot.lastSeq,
        at,
      ],
    );
    if (idempotency) {
      await tx.run('INSERT INTO idempotency_keys (key, body_hash, install_id, created_by, created_at) VALUES ($1, $2, $3, $4, $5)', [
        idempotency.key,
        idempotency.bodyHash,
        install.id,
        idempotency.user,
        at,
      ]);
    }
  }

  async idempotencyKey(key: string, tx: Queryable = this.db): Promise<{ bodyHash: string; installId: string } | undefined> {
    const [row] = await tx.query('SELECT body_hash, install_id FROM idempotency_keys WHERE key = $1', [key]);
    return row ? { bodyHash: str(row['body_hash']), installId: str(row['install_id']) } : undefined;
  }

  async get(id: string, tx: Queryable = this.db): Promise<InstallRecord | undefined> {
    const [row] = await tx.query('SELECT * FROM installs WHERE id = $1', [id]);
    return row ? toInstall(row) : undefined;
  }

  async list(): Promise<InstallSummary[]> {
    return (await this.db.query('SELECT snapshot FROM installs ORDER BY created_at DESC, id')).map((r) => summaryOf(json<InstallSnapshot>(r, 'snapshot')));
  }

  /** Installs in one of `states`. */
  async inStates(states: readonly InstallState[], tx: Queryable = this.db): Promise<InstallRecord[]> {
    const marks = states.map((_, i) => `$${i + 1}`).join(', ');
    return (await tx.query(`SELECT * FROM installs WHERE state IN (${marks}) ORDER BY created_at`, [...states])).map(toInstall);
  }

  /** A live install of cluster `name`, if any. */
  async liveOf(cluster: string, tx: Queryable = this.db): Promise<InstallRecord | undefined> {
    return (await this.inStates(LIVE_STATES, tx)).find((i) => i.cluster === cluster);
  }

  async setOperation(id: string, operation: InstallOperation): Promise<void> {
    await this.db.run('UPDATE installs SET operation = $2 WHERE id = $1', [id, operation]);
  }

  /**
   * Appends `events` to the install's history in one transaction, folding each into its
   * snapshot; returns them with their sequence numbers. `check` may refuse the append from the
   * install as it is now (a cancel of an install that has just ended, say).
   */
  async append(
    id: string,
    events: readonly NewInstallEvent[],
    check?: (install: InstallRecord) => void,
  ): Promise<{ install: InstallRecord; events: InstallEvent[] }> {
    return this.db.transaction(async (tx) => {
      const install = await this.get(id, tx);
      if (!install) throw new Error(`install ${id} does not exist`);
      check?.(install);
      let snapshot = install.snapshot;
      const stored: InstallEvent[] = [];
      for (const event of events) {
        const full = InstallEventSchema.parse({ ...event, seq: snapshot.lastSeq + 1, at: new Date().toISOString() });
        snapshot = applyInstallEvent(snapshot, full);
        await tx.run('INSERT INTO install_events (install_id, seq, type, body) VALUES ($1, $2, $3, $4)', [id, full.seq, full.type, JSON.stringify(full)]);
        stored.push(full);
      }
      await tx.run('UPDATE installs SET snapshot = $2, state = $3, last_seq = $4, updated_at = $5 WHERE id = $1', [
        id,
        JSON.stringify(snapshot),
        snapshot.state,
        snapshot.lastSeq,
        Date.parse(snapshot.updatedAt),
      ]);
      return { install: { ...install, state: snapshot.state, snapshot }, events: stored };
    });
  }

  /** The events after `after`, in order, at most `limit`. */
  async eventsAfter(id: string, after: number, limit = 500): Promise<InstallEvent[]> {
    const rows = await this.db.query('SELECT body FROM install_events WHERE install_id = $1 AND seq > $2 ORDER BY seq LIMIT $3', [id, after, limit]);
    return rows.map((r) => json<InstallEvent>(r, 'body'));
  }
}

import type { Queryable } from '@strata/sql';
import { iso, num, str } from './rows';

/** One audited action: who (as the console vouched), with which role, did what to what, and how it ended. */
export interface AuditEntry {
  at: string;
  user: string;
  role: string;
  action: string;
  target: string;
  outcome: string;
}

/** The audit trail of every write and every secret read. */
export class AuditRepo {
  constructor(private readonly db: Queryable) {}

  async record(entry: Omit<AuditEntry, 'at'>, at = Date.now()): Promise<void> {
    await this.db.run('INSERT INTO audit (at, username, role, action, target, outcome) VALUES ($1, $2, $3, $4, $5, $6)', [
      at,
      entry.user,
      entry.role,
      entry.action,
      entry.target,
      entry.outcome,
    ]);
  }

  /** The newest `limit` entries, oldest first. */
  async recent(limit = 100): Promise<AuditEntry[]> {
    const rows = await this.db.query('SELECT * FROM audit ORDER BY id DESC LIMIT $1', [limit]);
    return rows.reverse().map((r) => ({
      at: iso(num(r['at'])),
      user: str(r['username']),
      role: str(r['role']),
      action: str(r['action']),
      target: str(r['target']),
      outcome: str(r['outcome']),
    }));
  }
}

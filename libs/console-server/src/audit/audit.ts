import { InputError } from '@strata/errors';
import type { ConsoleStore } from '../store/console-store';

/** How an audited request ended: done, refused by authorization, or failed. */
export const AUDIT_OUTCOMES = ['success', 'denied', 'failure'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

/** What to record. */
export interface AuditEvent {
  /** Username of who acted (or `anonymous` / `system`). */
  user: string;
  /** What was attempted, e.g. `deployment.scale`, `user.create`, `login`. */
  action: string;
  /** What it was attempted on, e.g. `prod/default/deployment/web`. */
  target: string;
  outcome: AuditOutcome;
  /** A short free-text detail, e.g. the error message or `replicas 3 → 5`. Never secrets. */
  detail?: string;
  at?: Date;
}

/** A recorded audit entry. */
export interface AuditEntry {
  id: number;
  at: Date;
  user: string;
  action: string;
  target: string;
  outcome: AuditOutcome;
  detail?: string;
}

const MAX_FIELD = 512;
const MAX_DETAIL = 2048;

function clip(value: string, max: number): string {
  return value.length > max ? `${value.slice(0, max - 1)}…` : value;
}

/**
 * Appends an entry to the audit log.
 * @throws InputError for an unknown outcome or an empty user, action or target.
 */
export async function audit(store: ConsoleStore, event: AuditEvent): Promise<AuditEntry> {
  const problems: { path: string; message: string }[] = (['user', 'action', 'target'] as const)
    .filter((field) => typeof event[field] !== 'string' || event[field].trim() === '')
    .map((field) => ({ path: field, message: 'must not be empty' }));
  if (!(AUDIT_OUTCOMES as readonly string[]).includes(event.outcome))
    problems.push({ path: 'outcome', message: `must be one of ${AUDIT_OUTCOMES.join(', ')}` });
  if (problems.length > 0) throw new InputError('the audit event is not valid', problems);
  const at = (event.at ?? new Date()).getTime();
  const values = [
    at,
    clip(event.user, MAX_FIELD),
    clip(event.action, MAX_FIELD),
    clip(event.target, MAX_FIELD),
    event.outcome,
    event.detail === undefined ? null : clip(event.detail, MAX_DETAIL),
  ];
  const rows = await store.db.query<{ id: number }>(
    'INSERT INTO audit_log (at, username, action, target, outcome, detail) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id',
    values,
  );
  return {
    id: Number(rows[0]?.id),
    at: new Date(at),
    user: values[1] as string,
    action: values[2] as string,
    target: values[3] as string,
    outcome: event.outcome,
    ...(values[5] === null ? {} : { detail: values[5] as string }),
  };
}

/** Audit entries, newest first: at most `limit` (default 100, at most 1000), older than entry `before`, optionally of one user. */
export async function listAudit(store: ConsoleStore, options: { limit?: number; before?: number; user?: string } = {}): Promise<AuditEntry[]> {
  const limit = Math.max(1, Math.min(Math.trunc(options.limit ?? 100), 1000));
  const params: (string | number)[] = [options.before ?? Number.MAX_SAFE_INTEGER];
  let where = 'id < $1';
  if (options.user !== undefined) {
    params.push(options.user);
    where += ` AND username = $${params.length}`;
  }
  params.push(limit);
  const rows = await store.db.query<{ id: number; at: number; username: string; action: string; target: string; outcome: AuditOutcome; detail: string | null }>(
    `SELECT id, at, username, action, target, outcome, detail FROM audit_log WHERE ${where} ORDER BY id DESC LIMIT $${params.length}`,
    params,
  );
  return rows.map((row) => ({
    id: Number(row.id),
    at: new Date(Number(row.at)),
    user: row.username,
    action: row.action,
    target: row.target,
    outcome: row.outcome,
    ...(row.detail === null ? {} : { detail: row.detail }),
  }));
}

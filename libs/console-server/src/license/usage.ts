import { InputError } from '@strata/errors';
import { evaluate, verifyLicense } from '@strata/licensing';
import type { ConsoleStore } from '../store/console-store';
import type { LicenseOptions } from './license-state';

/** One point of the node-usage chart. */
export interface UsageSample {
  at: Date;
  /** Nodes counted across all clusters. */
  nodes: number;
  /** Nodes the license (or the free tier) allowed at that time. */
  allowed: number;
}

/** Samples older than this are dropped when new ones are recorded. */
export const USAGE_RETENTION_MS = 400 * 86_400_000;

/**
 * Records how many nodes the platform counts now, with what the installed license allows.
 * @throws InputError for a count that is not a whole number ≥ 0.
 */
export async function recordUsage(store: ConsoleStore, nodes: number, options: LicenseOptions = {}): Promise<UsageSample> {
  if (!Number.isInteger(nodes) || nodes < 0)
    throw new InputError('the node count must be a whole number of at least 0', [{ path: 'nodes', message: 'must be a whole number ≥ 0' }]);
  const now = options.now ?? new Date();
  const rows = await store.db.query<{ token: string | null }>('SELECT token FROM license_state WHERE id = 1');
  const token = rows[0]?.token ?? null;
  const license = token === null ? null : verifyLicense(token, { ...(options.trustedKeys ? { trustedKeys: options.trustedKeys } : {}), now });
  const allowed = evaluate(license, { nodes, now }).allowedNodes;
  await store.db.run('DELETE FROM usage_samples WHERE at < $1', [now.getTime() - USAGE_RETENTION_MS]);
  await store.db.run('INSERT INTO usage_samples (at, nodes, allowed) VALUES ($1, $2, $3)', [now.getTime(), nodes, allowed]);
  return { at: now, nodes, allowed };
}

/** Usage samples, oldest first: those since `since` (default all kept), at most `limit` (default 10000) of the newest. */
export async function usageHistory(store: ConsoleStore, options: { since?: Date; limit?: number } = {}): Promise<UsageSample[]> {
  const limit = Math.max(1, Math.min(options.limit ?? 10_000, 100_000));
  const rows = await store.db.query<{ at: number; nodes: number; allowed: number }>(
    'SELECT at, nodes, allowed FROM usage_samples WHERE at >= $1 ORDER BY at DESC, id DESC LIMIT $2',
    [options.since?.getTime() ?? 0, limit],
  );
  return rows.reverse().map((row) => ({ at: new Date(Number(row.at)), nodes: Number(row.nodes), allowed: Number(row.allowed) }));
}

import { InputError } from '@strata/errors';
import { evaluate, verifyLicense, type Evaluation, type Jwks, type LicenseClaims, type LicenseVerification, type TrustedKeys } from '@strata/licensing';
import type { ConsoleStore } from '../store/console-store';

/** Options shared by the license functions; tests pin the clock and the trusted keys. */
export interface LicenseOptions {
  /** Keys to verify licenses with; default the shipped keys plus STRATA_LICENSE_TRUSTED_KEYS. */
  trustedKeys?: TrustedKeys | Jwks;
  now?: Date;
}

/** The installed license as stored. */
export interface InstalledLicense {
  token: string;
  installedAt: Date;
  /** Verified again on every read, so a key or clock change shows at once. */
  verification: LicenseVerification;
}

/** The license evaluation the console shows, plus when the platform went over its limit. */
export type LicenseState = Evaluation & { overLimitSince?: Date };

interface StateRow {
  token: string | null;
  installed_at: number | null;
  over_limit_since: number | null;
}

async function stateRow(store: ConsoleStore): Promise<StateRow> {
  const rows = await store.db.query<StateRow>('SELECT token, installed_at, over_limit_since FROM license_state WHERE id = 1');
  return rows[0] ?? { token: null, installed_at: null, over_limit_since: null };
}

function verifyOptions(options: LicenseOptions): { trustedKeys?: TrustedKeys | Jwks; now?: Date } {
  return { ...(options.trustedKeys ? { trustedKeys: options.trustedKeys } : {}), ...(options.now ? { now: options.now } : {}) };
}

/**
 * Verifies a license token offline and installs it, replacing any previous one. A license
 * past its expiry grace period is refused. When the platform was already over its limit, the
 * grace period keeps running from when it first went over: a new license does not restart it.
 * @throws InputError with the verification failure.
 */
export async function setLicense(store: ConsoleStore, token: string, options: LicenseOptions = {}): Promise<LicenseClaims> {
  const trimmed = typeof token === 'string' ? token.trim() : '';
  const verification = verifyLicense(trimmed, verifyOptions(options));
  if (!verification.ok) throw new InputError(`the license is not valid: ${verification.reason}`, [{ path: 'license', message: verification.reason }]);
  if (verification.timing === 'expired') {
    throw new InputError(`license ${verification.claims.licenseId} expired on ${verification.claims.expiresAt.slice(0, 10)} and its grace period is over`, [
      { path: 'license', message: 'is expired' },
    ]);
  }
  await store.db.run('UPDATE license_state SET token = $1, installed_at = $2 WHERE id = 1', [trimmed, (options.now ?? new Date()).getTime()]);
  return verification.claims;
}

/** Uninstalls the license; the platform falls back to the free tier. */
export async function removeLicense(store: ConsoleStore): Promise<void> {
  await store.db.run('UPDATE license_state SET token = NULL, installed_at = NULL WHERE id = 1');
}

/** The installed license, verified now, or undefined when none is installed. */
export async function installedLicense(store: ConsoleStore, options: LicenseOptions = {}): Promise<InstalledLicense | undefined> {
  const row = await stateRow(store);
  if (row.token === null) return undefined;
  return { token: row.token, installedAt: new Date(Number(row.installed_at ?? 0)), verification: verifyLicense(row.token, verifyOptions(options)) };
}

/**
 * Evaluates the platform's entitlement for `nodesAcrossClusters` (every Node of every
 * registered cluster), with @strata/licensing `evaluate`. The first evaluation that finds
 * the platform over its limit records that instant, which starts the grace period
 * (OVER_LIMIT_GRACE until the deadline, OVER_LIMIT after); an evaluation back under the
 * limit clears it.
 */
export async function licenseState(store: ConsoleStore, usage: { nodesAcrossClusters: number } & LicenseOptions): Promise<LicenseState> {
  const nodes = usage.nodesAcrossClusters;
  if (!Number.isInteger(nodes) || nodes < 0) {
    throw new InputError('the node count must be a whole number of at least 0', [{ path: 'nodesAcrossClusters', message: 'must be a whole number ≥ 0' }]);
  }
  const now = usage.now ?? new Date();
  const row = await stateRow(store);
  const license = row.token === null ? null : verifyLicense(row.token, verifyOptions({ ...usage, now }));
  const at = (since: number | null) => evaluate(license, { nodes, now, ...(since === null ? {} : { overLimitSince: new Date(Number(since)) }) });

  let since = row.over_limit_since === null ? null : Number(row.over_limit_since);
  let result = at(since);
  const over = result.nodes > result.allowedNodes;
  if (over && since === null) {
    // Only the first writer sets it, so concurrent evaluations agree on when the grace began.
    await store.db.run('UPDATE license_state SET over_limit_since = $1 WHERE id = 1 AND over_limit_since IS NULL', [now.getTime()]);
    since = Number((await stateRow(store)).over_limit_since ?? now.getTime());
    result = at(since);
  } else if (!over && since !== null) {
    await store.db.run('UPDATE license_state SET over_limit_since = NULL WHERE id = 1', []);
    since = null;
  }
  return since === null ? result : { ...result, overLimitSince: new Date(since) };
}

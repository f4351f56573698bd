import { randomBytes } from 'node:crypto';
import { ConflictError } from '@strata/errors';
import type { ConsoleStore } from '../store/console-store';
import { createUser } from './users';

/** Environment variable with the initial admin password. */
export const ADMIN_PASSWORD_ENV = 'STRATA_ADMIN_PASSWORD';

/** The username of the admin created on first start. */
export const INITIAL_ADMIN_USERNAME = 'admin';

/** What {@link ensureAdmin} did. */
export interface EnsureAdminResult {
  /** Whether the `admin` user was created now. */
  created: boolean;
  /**
   * The generated password, present only when the user was created without a configured
   * password. Show it once; only its hash is stored.
   */
  generatedPassword?: string;
}

/**
 * Creates the user `admin` (role admin) when the console has no admin yet, with
 * `options.password`, else $STRATA_ADMIN_PASSWORD, else a random password returned once.
 * Safe to call on every start and from several replicas at once.
 */
export async function ensureAdmin(
  store: ConsoleStore,
  options: { password?: string; env?: Record<string, string | undefined> } = {},
): Promise<EnsureAdminResult> {
  const admins = await store.db.query<{ n: number }>("SELECT COUNT(*) AS n FROM users WHERE role = 'admin'");
  if (Number(admins[0]?.n ?? 0) > 0) return { created: false };
  const configured = options.password ?? ((options.env ?? process.env)[ADMIN_PASSWORD_ENV] || undefined);
  const password = configured ?? randomBytes(18).toString('base64url');
  try {
    await createUser(store, { username: INITIAL_ADMIN_USERNAME, password, role: 'admin', displayName: 'Administrator' });
  } catch (error) {
    // Another replica created it first.
    if (error instanceof ConflictError) return { created: false };
    throw error;
  }
  return configured === undefined ? { created: true, generatedPassword: password } : { created: true };
}

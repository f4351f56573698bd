import type { ConsoleStore } from '../store/console-store';
import { dummyPasswordHash, hashPassword, needsRehash, verifyPassword } from './password-hash';
import { USER_COLUMNS, userFromRow, type User, type UserRow } from './users';

/**
 * Checks a username and password. Returns the user, or undefined for a wrong password, an
 * unknown user or a user who signs in through the identity provider; every failure costs one
 * full scrypt computation, so timing does not reveal which usernames exist. A hash made with
 * weaker parameters than today's is replaced after a successful check.
 */
export async function authenticatePassword(store: ConsoleStore, username: string, password: string): Promise<User | undefined> {
  const name = typeof username === 'string' ? username.trim().toLowerCase() : '';
  const rows = name ? await store.db.query<UserRow>(`SELECT ${USER_COLUMNS} FROM users u WHERE u.username = $1`, [name]) : [];
  const row = rows[0];
  const stored = row?.password_hash ?? (await dummyPasswordHash());
  const ok = (await verifyPassword(typeof password === 'string' ? password : '', stored)) && row !== undefined && row.password_hash !== null;
  if (!ok || !row) return undefined;
  const now = Date.now();
  if (needsRehash(stored)) {
    await store.db.run('UPDATE users SET password_hash = $1 WHERE id = $2', [await hashPassword(password), row.id]);
  }
  await store.db.run('UPDATE users SET last_login_at = $1 WHERE id = $2', [now, row.id]);
  return userFromRow({ ...row, last_login_at: now });
}

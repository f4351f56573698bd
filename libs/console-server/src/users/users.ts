import { ConflictError, InputError, NotFoundError } from '@strata/errors';
import { isUniqueViolation, type Queryable } from '@strata/sql';
import type { ConsoleStore } from '../store/console-store';
import { newId } from '../store/ids';
import { checkPasswordPolicy, hashPassword } from './password-hash';
import { isRole, ROLES, type Role } from './roles';

/** How a user signs in. */
export type UserSource = 'local' | 'oidc';

/** A console user. Never carries the password hash. */
export interface User {
  id: string;
  username: string;
  role: Role;
  /** `local` users sign in with a password, `oidc` users through the identity provider. */
  source: UserSource;
  displayName?: string;
  email?: string;
  createdAt: Date;
  lastLoginAt?: Date;
}

/** What {@link createUser} needs. */
export interface NewUser {
  username: string;
  password: string;
  role: Role;
  displayName?: string;
  email?: string;
}

/** Usernames: 1–64 lowercase letters, digits and `. _ @ + -`, starting with a letter or digit. */
export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._@+-]{0,63}$/;

/** The columns every user query selects, in the order {@link userFromRow} reads them. */
export const USER_COLUMNS = 'u.id, u.username, u.role, u.password_hash, u.oidc_issuer, u.display_name, u.email, u.created_at, u.last_login_at';

/** A `users` row as selected with {@link USER_COLUMNS}. */
export interface UserRow {
  id: string;
  username: string;
  role: string;
  password_hash: string | null;
  oidc_issuer: string | null;
  display_name: string | null;
  email: string | null;
  created_at: number;
  last_login_at: number | null;
}

/** A user from its row; a role this console does not know reads as viewer, the least power. */
export function userFromRow(row: UserRow): User {
  return {
    id: row.id,
    username: row.username,
    role: isRole(row.role) ? row.role : 'viewer',
    source: row.oidc_issuer ? 'oidc' : 'local',
    ...(row.display_name ? { displayName: row.display_name } : {}),
    ...(row.email ? { email: row.email } : {}),
    createdAt: new Date(Number(row.created_at)),
    ...(row.last_login_at === null ? {} : { lastLoginAt: new Date(Number(row.last_login_at)) }),
  };
}

/** Throws InputError unless `username` is acceptable. */
export function checkUsername(username: unknown): asserts username is string {
  if (typeof username !== 'string' || !USERNAME_PATTERN.test(username)) {
    throw new InputError('the username is not valid', [
      { path: 'username', message: 'must be 1-64 lowercase letters, digits or . _ @ + -, starting with a letter or digit' },
    ]);
  }
}

function checkRole(role: unknown): asserts role is Role {
  if (!isRole(role)) throw new InputError('the role is not valid', [{ path: 'role', message: `must be one of ${ROLES.join(', ')}` }]);
}

async function userRow(db: Queryable, id: string): Promise<UserRow | undefined> {
  const rows = await db.query<UserRow>(`SELECT ${USER_COLUMNS} FROM users u WHERE u.id = $1`, [id]);
  return rows[0];
}

/**
 * Creates a local user with a password.
 * @throws InputError for a bad username, password or role; ConflictError when the username is taken.
 */
export async function createUser(store: ConsoleStore, user: NewUser): Promise<User> {
  checkUsername(user.username);
  checkPasswordPolicy(user.password);
  checkRole(user.role);
  const passwordHash = await hashPassword(user.password);
  const id = newId('usr');
  const now = Date.now();
  try {
    await store.db.run('INSERT INTO users (id, username, role, password_hash, display_name, email, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
      id,
      user.username,
      user.role,
      passwordHash,
      user.displayName ?? null,
      user.email ?? null,
      now,
    ]);
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError(`a user named "${user.username}" already exists`, error);
    throw error;
  }
  const row = await userRow(store.db, id);
  if (!row) throw new NotFoundError(`user ${id} vanished right after it was created`);
  return userFromRow(row);
}

/** Every user, by username. */
export async function listUsers(store: ConsoleStore): Promise<User[]> {
  const rows = await store.db.query<UserRow>(`SELECT ${USER_COLUMNS} FROM users u ORDER BY u.username`);
  return rows.map(userFromRow);
}

/** One user by id, or undefined. */
export async function getUser(store: ConsoleStore, userId: string): Promise<User | undefined> {
  const row = await userRow(store.db, userId);
  return row ? userFromRow(row) : undefined;
}

async function requireUser(db: Queryable, userId: string): Promise<UserRow> {
  const row = await userRow(db, userId);
  if (!row) throw new NotFoundError(`no user with id ${userId}`);
  return row;
}

async function otherAdmins(db: Queryable, userId: string): Promise<number> {
  const rows = await db.query<{ n: number }>("SELECT COUNT(*) AS n FROM users WHERE role = 'admin' AND id <> $1", [userId]);
  return Number(rows[0]?.n ?? 0);
}

/**
 * Changes a user's role. Takes effect on the user's next request, since sessions read the
 * role from the user.
 * @throws NotFoundError for an unknown user; ConflictError when it would leave no admin.
 */
export async function setUserRole(store: ConsoleStore, userId: string, role: Role): Promise<User> {
  checkRole(role);
  return store.db.transaction(async (tx) => {
    const row = await requireUser(tx, userId);
    if (row.role === 'admin' && role !== 'admin' && (await otherAdmins(tx, userId)) === 0) {
      throw new ConflictError(`${row.username} is the only admin; make another user admin first`);
    }
    await tx.run('UPDATE users SET role = $1 WHERE id = $2', [role, userId]);
    return userFromRow({ ...row, role });
  });
}

/**
 * Sets a local user's password and signs the user out everywhere.
 * @throws NotFoundError for an unknown user; InputError for a bad password or an OIDC user.
 */
export async function setUserPassword(store: ConsoleStore, userId: string, password: string): Promise<void> {
  checkPasswordPolicy(password);
  const passwordHash = await hashPassword(password);
  await store.db.transaction(async (tx) => {
    const row = await requireUser(tx, userId);
    if (row.oidc_issuer) throw new InputError(`${row.username} signs in through the identity provider and has no console password`);
    await tx.run('UPDATE users SET password_hash = $1 WHERE id = $2', [passwordHash, userId]);
    await tx.run('DELETE FROM sessions WHERE user_id = $1', [userId]);
  });
}

/**
 * Deletes a user and its sessions.
 * @throws NotFoundError for an unknown user; ConflictError for the last admin.
 */
export async function deleteUser(store: ConsoleStore, userId: string): Promise<void> {
  await store.db.transaction(async (tx) => {
    const row = await requireUser(tx, userId);
    if (row.role === 'admin' && (await otherAdmins(tx, userId)) === 0) {
      throw new ConflictError(`${row.username} is the only admin and cannot be deleted; make another user admin first`);
    }
    await tx.run('DELETE FROM sessions WHERE user_id = $1', [userId]);
    await tx.run('DELETE FROM users WHERE id = $1', [userId]);
  });
}

import { createHash, randomBytes } from 'node:crypto';
import { NotFoundError } from '@strata/errors';
import type { ConsoleStore } from '../store/console-store';
import { USER_COLUMNS, userFromRow, type User, type UserRow } from '../users/users';

/** A session ends after this long without a request (sliding expiry). */
export const SESSION_IDLE_TIMEOUT_MS = 60 * 60 * 1000;

/** A session ends this long after sign-in however active it is (absolute maximum). */
export const SESSION_MAX_AGE_MS = 12 * 60 * 60 * 1000;

/** Expiry is written back only when it moves by more than this, so not every request writes. */
const SLIDE_GRANULARITY_MS = 60 * 1000;

/** What {@link createSession} hands out; `token` goes into the session cookie and is never stored. */
export interface NewSession {
  token: string;
  csrfToken: string;
  expiresAt: Date;
}

/** A signed-in session as the route handlers see it. */
export interface Session {
  user: User;
  /** Must come back in the X-CSRF-Token header (or a form field) of every state-changing request. */
  csrfToken: string;
  expiresAt: Date;
}

/** Options for tests and clocks. */
export interface SessionClock {
  now?: Date;
}

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/; // 32 bytes, base64url

function tokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Starts a session for a user: two fresh 32-byte random tokens; only the session token's SHA-256 is stored. */
export async function createSession(store: ConsoleStore, userId: string, options: SessionClock = {}): Promise<NewSession> {
  const now = (options.now ?? new Date()).getTime();
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(32).toString('base64url');
  const expiresAt = now + Math.min(SESSION_IDLE_TIMEOUT_MS, SESSION_MAX_AGE_MS);
  const users = await store.db.query<{ id: string }>('SELECT id FROM users WHERE id = $1', [userId]);
  if (users.length === 0) throw new NotFoundError(`no user with id ${userId}`);
  // Sweep expired sessions while here, so the table does not grow without bound.
  await store.db.run('DELETE FROM sessions WHERE expires_at <= $1', [now]);
  await store.db.run('INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)', [
    tokenHash(token),
    userId,
    csrfToken,
    now,
    expiresAt,
  ]);
  return { token, csrfToken, expiresAt: new Date(expiresAt) };
}

type SessionRow = UserRow & { s_csrf_token: string; s_created_at: number; s_expires_at: number };

/**
 * The session a cookie's token names, or undefined when it is unknown or expired. Each use
 * pushes the expiry out to now + idle timeout, but never past sign-in + maximum age.
 */
export async function sessionFromToken(store: ConsoleStore, token: string | undefined | null, options: SessionClock = {}): Promise<Session | undefined> {
  if (typeof token !== 'string' || !TOKEN_PATTERN.test(token)) return undefined;
  const now = (options.now ?? new Date()).getTime();
  const hash = tokenHash(token);
  const rows = await store.db.query<SessionRow>(
    `SELECT ${USER_COLUMNS}, s.csrf_token AS s_csrf_token, s.created_at AS s_created_at, s.expires_at AS s_expires_at
       FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1`,
    [hash],
  );
  const row = rows[0];
  if (!row) return undefined;
  const expiresAt = Number(row.s_expires_at);
  if (expiresAt <= now) {
    await store.db.run('DELETE FROM sessions WHERE token_hash = $1', [hash]);
    return undefined;
  }
  const slid = Math.min(now + SESSION_IDLE_TIMEOUT_MS, Number(row.s_created_at) + SESSION_MAX_AGE_MS);
  let current = expiresAt;
  if (slid - expiresAt > SLIDE_GRANULARITY_MS) {
    await store.db.run('UPDATE sessions SET expires_at = $1 WHERE token_hash = $2', [slid, hash]);
    current = slid;
  }
  return { user: userFromRow(row), csrfToken: row.s_csrf_token, expiresAt: new Date(current) };
}

/** Ends the session a token names (sign-out). Unknown tokens are ignored. */
export async function destroySession(store: ConsoleStore, token: string | undefined | null): Promise<void> {
  if (typeof token !== 'string' || !TOKEN_PATTERN.test(token)) return;
  await store.db.run('DELETE FROM sessions WHERE token_hash = $1', [tokenHash(token)]);
}

/** Ends every session of a user (sign out everywhere). */
export async function destroyUserSessions(store: ConsoleStore, userId: string): Promise<void> {
  await store.db.run('DELETE FROM sessions WHERE user_id = $1', [userId]);
}

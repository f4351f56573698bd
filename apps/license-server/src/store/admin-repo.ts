import { createHash, randomBytes } from 'node:crypto';
import type { Queryable } from '@strata/sql';

/** SHA-256 of a secret. Tokens and session ids carry 256 random bits, so a fast hash is enough. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** A fresh secret of 256 random bits with a recognisable prefix. */
export function newSecret(prefix: 'slat' | 'sess' | 'sact'): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

/** A signed-in admin session as the UI sees it. */
export interface AdminSession {
  expiresAt: Date;
}

/** Admin tokens and sessions. Only hashes of tokens and session ids are ever stored. */
export class AdminRepo {
  constructor(private readonly db: Queryable) {}

  async countTokens(): Promise<number> {
    const rows = await this.db.query<{ n: number }>('SELECT COUNT(*) AS n FROM admin_tokens');
    return Number(rows[0]?.n ?? 0);
  }

  /** Stores (or replaces) the token with this id. */
  async putToken(id: string, token: string, label: string, now = new Date()): Promise<void> {
    await this.db.run(
      `INSERT INTO admin_tokens (id, token_hash, label, created_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (id) DO UPDATE SET token_hash = excluded.token_hash, label = excluded.label, created_at = excluded.created_at`,
      [id, hashSecret(token), label, now.getTime()],
    );
  }

  /** Whether `token` is a current admin token. */
  async isValidToken(token: string): Promise<boolean> {
    const rows = await this.db.query('SELECT id FROM admin_tokens WHERE token_hash = $1', [hashSecret(token)]);
    return rows.length > 0;
  }

  /** Opens a session and returns its id (for the cookie). */
  async createSession(ttlMs: number, now = new Date()): Promise<{ sessionId: string; expiresAt: Date }> {
    const sessionId = newSecret('sess');
    const expiresAt = new Date(now.getTime() + ttlMs);
    await this.db.run('DELETE FROM admin_sessions WHERE expires_at <= $1', [now.getTime()]);
    // csrf_token stays empty: CSRF tokens now come from @fastify/csrf-protection's cookie secret.
    await this.db.run("INSERT INTO admin_sessions (id_hash, csrf_token, created_at, expires_at) VALUES ($1, '', $2, $3)", [
      hashSecret(sessionId),
      now.getTime(),
      expiresAt.getTime(),
    ]);
    return { sessionId, expiresAt };
  }

  /** The live session with this id, if any. */
  async findSession(sessionId: string, now = new Date()): Promise<AdminSession | undefined> {
    const row = (
      await this.db.query<{ expires_at: number }>('SELECT expires_at FROM admin_sessions WHERE id_hash = $1 AND expires_at > $2', [
        hashSecret(sessionId),
        now.getTime(),
      ])
    )[0];
    return row && { expiresAt: new Date(Number(row.expires_at)) };
  }

  async deleteSession(sessionId: string): Promise<void> {
    await this.db.run('DELETE FROM admin_sessions WHERE id_hash = $1', [hashSecret(sessionId)]);
  }
}

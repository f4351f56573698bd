import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import type { Database, Queryable, Row, SqlValue } from './database';
import { Mutex } from './mutex';
import { toSqlitePlaceholders } from './sqlite-placeholders';

/**
 * The embedded database: one `node:sqlite` connection in WAL mode with `synchronous=FULL`,
 * so every acknowledged commit is fsynced to the write-ahead log and survives `kill -9`
 * and power loss. The file is created owner-only (0600, in missing directories created
 * 0700) before SQLite opens it; SQLite gives its -wal and -shm files the same mode. Calls
 * are synchronous underneath; the mutex keeps a transaction that awaits between statements
 * from sharing the connection with other requests.
 */
export class SqliteDatabase implements Database {
  readonly dialect = 'sqlite' as const;
  readonly description: string;
  private readonly db: DatabaseSync;
  private readonly statements = new Map<string, StatementSync>();
  private readonly mutex = new Mutex();

  /** Opens (or creates) the database file at `path`, or an in-memory one for `:memory:`. */
  constructor(path: string) {
    if (path !== ':memory:') {
      mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
      closeSync(openSync(path, 'a', 0o600));
    }
    this.description = `sqlite:${path}`;
    this.db = new DatabaseSync(path);
    this.db.exec('PRAGMA busy_timeout = 5000');
    this.db.exec('PRAGMA journal_mode = WAL');
    this.db.exec('PRAGMA synchronous = FULL');
    this.db.exec('PRAGMA foreign_keys = ON');
  }

  /** A PRAGMA's current value, for checks and diagnostics. */
  pragma(name: 'journal_mode' | 'synchronous' | 'foreign_keys'): unknown {
    const row = this.db.prepare(`PRAGMA ${name}`).get() as Row | undefined;
    return row ? Object.values(row)[0] : undefined;
  }

  private statement(sql: string): StatementSync {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(toSqlitePlaceholders(sql));
      this.statements.set(sql, statement);
    }
    return statement;
  }

  private readonly direct: Queryable = {
    query: async <T>(sql: string, params: readonly SqlValue[] = []) => this.statement(sql).all(...params) as T[],
    run: async (sql: string, params: readonly SqlValue[] = []) => ({ changes: Number(this.statement(sql).run(...params).changes) }),
  };

  query<T = Row>(sql: string, params?: readonly SqlValue[]): Promise<T[]> {
    return this.mutex.run(() => this.direct.query<T>(sql, params));
  }

  run(sql: string, params?: readonly SqlValue[]): Promise<{ changes: number }> {
    return this.mutex.run(() => this.direct.run(sql, params));
  }

  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    return this.mutex.run(async () => {
      // IMMEDIATE takes the write lock up front, so a transaction never fails half-way on upgrade.
      this.db.exec('BEGIN IMMEDIATE');
      try {
        const result = await work(this.direct);
        this.db.exec('COMMIT');
        return result;
      } catch (error) {
        if (this.db.isTransaction) this.db.exec('ROLLBACK');
        throw error;
      }
    });
  }

  async close(): Promise<void> {
    await this.mutex.run(() => {
      this.statements.clear();
      if (this.db.isOpen) {
        // Folds the write-ahead log back into the main file, so a closed database is one file.
        this.db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
        this.db.close();
      }
    });
  }
}

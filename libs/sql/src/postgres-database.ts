import pg from 'pg';
import type { Database, Queryable, Row, SqlValue } from './database';

/**
 * pg hands BIGINT (and COUNT) back as strings; the BIGINTs written through this layer are
 * epoch milliseconds, counts and serial ids, all safe as numbers.
 */
const INT8_OID = 20;
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID && format !== 'binary'
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

/** The URL with its password replaced by `***`, for logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres://(unparsable URL)';
  }
}

/** Options of {@link PostgresDatabase}. */
export interface PostgresDatabaseOptions {
  /** Most connections the pool opens; default 10. */
  max?: number;
}

/**
 * The production database: a `pg` pool. Commits are acknowledged by PostgreSQL only once
 * durable (the default `synchronous_commit = on`).
 */
export class PostgresDatabase implements Database {
  readonly dialect = 'postgres' as const;
  readonly description: string;
  private readonly pool: pg.Pool;

  /** Opens a pool to `url` (`postgres://user:password@host:5432/database`); connections are made on first use. */
  constructor(url: string, options: PostgresDatabaseOptions = {}) {
    this.description = redactUrl(url);
    this.pool = new pg.Pool({ connectionString: url, max: options.max ?? 10, types });
    // An idle client losing its connection must not crash the process; the pool replaces it.
    this.pool.on('error', () => undefined);
  }

  async query<T = Row>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    const result = await this.pool.query(sql, params as SqlValue[]);
    return result.rows as T[];
  }

  async run(sql: string, params: readonly SqlValue[] = []): Promise<{ changes: number }> {
    const result = await this.pool.query(sql, params as SqlValue[]);
    return { changes: result.rowCount ?? 0 };
  }

  async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    const tx: Queryable = {
      query: async <R>(sql: string, params: readonly SqlValue[] = []) => (await client.query(sql, params as SqlValue[])).rows as R[],
      run: async (sql: string, params: readonly SqlValue[] = []) => ({ changes: (await client.query(sql, params as SqlValue[])).rowCount ?? 0 }),
    };
    try {
      await client.query('BEGIN');
      const result = await work(tx);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

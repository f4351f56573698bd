import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database, Dialect } from '../database';
import { PostgresDatabase } from '../postgres-database';
import { SqliteDatabase } from '../sqlite-database';
import { asTestAdmin, TEST_PG_URL } from './throwaway-database';

export { DIALECTS, TEST_PG_URL } from './throwaway-database';

/** A throwaway place to keep tables: a temporary SQLite file, or a PostgreSQL schema of its own. */
export interface TestDatabase {
  /** Opens another connection (pool) to it; {@link drop} closes every one opened. */
  open(): Database;
  /** Closes what {@link open} opened and deletes the data. */
  drop(): Promise<void>;
}

/** Creates a test database of `dialect` that no other test shares. */
export async function createTestDatabase(dialect: Dialect): Promise<TestDatabase> {
  const opened: Database[] = [];
  const track = (db: Database) => (opened.push(db), db);
  const closeAll = () => Promise.all(opened.map((db) => db.close().catch(() => undefined)));
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'strata-sql-'));
    const file = join(dir, 'test.db');
    return {
      open: () => track(new SqliteDatabase(file)),
      drop: async () => {
        await closeAll();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const schema = `strata_sql_${randomBytes(6).toString('hex')}`;
  await asTestAdmin(`CREATE SCHEMA ${schema}`);
  // Every connection of the pool starts with the schema first on its search path.
  const url = new URL(TEST_PG_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    open: () => track(new PostgresDatabase(url.toString(), { max: 4 })),
    drop: async () => {
      await closeAll();
      await asTestAdmin(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    },
  };
}

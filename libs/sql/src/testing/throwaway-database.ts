import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Dialect } from '../database';

/** The PostgreSQL server tests use; its role must be allowed to create databases and schemas. */
export const TEST_PG_URL = process.env['STRATA_TEST_PG_URL'] ?? 'postgres://strata:strata@127.0.0.1:5432/strata_test';

/** Both dialects; storage tests run against each. */
export const DIALECTS: readonly Dialect[] = ['sqlite', 'postgres'];

/** A database no other test shares, named by a URL a service accepts (`sqlite:<file>` or `postgres://…`). */
export interface ThrowawayDatabase {
  dialect: Dialect;
  url: string;
  /** A directory of its own, for data kept beside the database (it holds the SQLite file). */
  dir: string;
  /** Deletes the database and the directory; connections still open to PostgreSQL are ended. */
  drop(): Promise<void>;
}

/** Runs `sql` as the tests' PostgreSQL role on its own database. */
export async function asTestAdmin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_PG_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * Creates a throwaway database of `dialect`: a file `<name>.db` in a new temporary
 * directory, or a new PostgreSQL database `strata_<name>_<random>` on {@link TEST_PG_URL}.
 */
export async function createThrowawayDatabase(dialect: Dialect, name: string): Promise<ThrowawayDatabase> {
  const dir = mkdtempSync(join(tmpdir(), `strata-${name}-`));
  if (dialect === 'sqlite') {
    return { dialect, url: `sqlite:${join(dir, `${name}.db`)}`, dir, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const database = `strata_${name.replace(/\W/g, '_')}_${randomBytes(6).toString('hex')}`;
  await asTestAdmin(`CREATE DATABASE ${database}`);
  const url = new URL(TEST_PG_URL);
  url.pathname = `/${database}`;
  return {
    dialect,
    url: url.toString(),
    dir,
    drop: async () => {
      await asTestAdmin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

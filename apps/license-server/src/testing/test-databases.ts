import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/** The PostgreSQL server tests use; the role must be allowed to create databases. */
export const TEST_PG_URL = process.env['STRATA_TEST_PG_URL'] ?? 'postgres://strata:strata@127.0.0.1:5432/strata_test';

/** Both storage back ends; repository and durability tests run against each. */
export const DIALECTS = ['sqlite', 'postgres'] as const;
export type Dialect = (typeof DIALECTS)[number];

/** A throwaway database: a temporary SQLite file, or a fresh PostgreSQL database. */
export interface TestDatabase {
  dialect: Dialect;
  /** A LICENSE_DB setting naming it. */
  url: string;
  /** Deletes it. */
  drop(): Promise<void>;
}

/** Creates a database of `dialect` that no other test run shares. */
export async function createTestDatabase(dialect: Dialect): Promise<TestDatabase> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'strata-ls-'));
    return { dialect, url: `sqlite:${join(dir, 'license.db')}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `strata_ls_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_PG_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(TEST_PG_URL);
  url.pathname = `/${name}`;
  return {
    dialect,
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: TEST_PG_URL });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

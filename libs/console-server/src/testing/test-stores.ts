import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openConsoleStore, type ConsoleStore } from '../store/console-store';

/** The PostgreSQL server tests use; the role must be allowed to create databases. */
export const TEST_PG_URL = process.env['STRATA_TEST_PG_URL'] ?? 'postgres://strata:strata@127.0.0.1:5432/strata_test';

/** Both storage back ends; store tests run against each. */
export const BACKENDS = ['sqlite', 'postgres'] as const;
export type Backend = (typeof BACKENDS)[number];

/** A throwaway console store with its own data directory and database. */
export interface TestStore {
  backend: Backend;
  store: ConsoleStore;
  /** The CONSOLE_DB URL of its database. */
  url: string;
  dataDir: string;
  /** Opens the same database again, e.g. with another secret key. */
  reopen(env?: Record<string, string | undefined>): Promise<ConsoleStore>;
  /** Every byte the database holds, as text: the SQLite file and its WAL, or a dump of PostgreSQL's tables. */
  rawContent(): Promise<string>;
  /** Closes the store and deletes its database and data directory. */
  drop(): Promise<void>;
}

async function withAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_PG_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A fresh store on `backend`; `env` is all the environment the store sees (no secret key: a key file is generated). */
export async function openTestStore(backend: Backend, env: Record<string, string | undefined> = {}): Promise<TestStore> {
  const dataDir = mkdtempSync(join(tmpdir(), 'strata-console-'));
  let url: string;
  let dbName: string | undefined;
  if (backend === 'sqlite') {
    url = `sqlite:${join(dataDir, 'console.db')}`;
  } else {
    dbName = `strata_cs_${randomBytes(6).toString('hex')}`;
    await withAdmin((client) => client.query(`CREATE DATABASE ${dbName}`));
    const parsed = new URL(TEST_PG_URL);
    parsed.pathname = `/${dbName}`;
    url = parsed.toString();
  }
  const opened: ConsoleStore[] = [];
  const open = async (e: Record<string, string | undefined>) => {
    const store = await openConsoleStore({ url, dataDir, env: e });
    opened.push(store);
    return store;
  };
  const store = await open(env);
  return {
    backend,
    store,
    url,
    dataDir,
    reopen: (e = env) => open(e),
    rawContent: async () => {
      if (backend === 'sqlite') {
        const file = join(dataDir, 'console.db');
        return [file, `${file}-wal`].filter(existsSync).map((f) => readFileSync(f).toString('latin1')).join('\n');
      }
      const tables = await store.db.query<{ tablename: string }>("SELECT tablename FROM pg_tables WHERE schemaname = 'public'");
      const dumps = await Promise.all(tables.map((t) => store.db.query<{ row: string }>(`SELECT t::text AS row FROM ${t.tablename} t`)));
      return dumps.flat().map((r) => r.row).join('\n');
    },
    drop: async () => {
      for (const s of opened) await s.close().catch(() => undefined);
      if (dbName) await withAdmin((client) => client.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

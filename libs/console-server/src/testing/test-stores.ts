import { existsSync, readFileSync } from 'node:fs';
import type { Dialect } from '@strata/sql';
import { createThrowawayDatabase, DIALECTS } from '@strata/sql/testing';
import { openConsoleStore, type ConsoleStore } from '../store/console-store';

/** Both storage back ends; store tests run against each. */
export const BACKENDS = DIALECTS;
export type Backend = Dialect;

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

/** A fresh store on `backend`; `env` is all the environment the store sees (no secret key: a key file is generated). */
export async function openTestStore(backend: Backend, env: Record<string, string | undefined> = {}): Promise<TestStore> {
  const database = await createThrowawayDatabase(backend, 'console');
  const { url, dir: dataDir } = database;
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
        const file = url.slice('sqlite:'.length);
        return [file, `${file}-wal`]
          .filter(existsSync)
          .map((f) => readFileSync(f).toString('latin1'))
          .join('\n');
      }
      const tables = await store.db.query<{ tablename: string }>("SELECT tablename FROM pg_tables WHERE schemaname = 'public'");
      const dumps = await Promise.all(tables.map((t) => store.db.query<{ row: string }>(`SELECT t::text AS row FROM ${t.tablename} t`)));
      return dumps
        .flat()
        .map((r) => r.row)
        .join('\n');
    },
    drop: async () => {
      for (const s of opened) await s.close().catch(() => undefined);
      await database.drop();
    },
  };
}

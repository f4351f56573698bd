import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '@strata/errors';
import { MIGRATIONS, migrate } from '../db/migrations';
import { BACKENDS, openTestStore } from '../testing/test-stores';
import { openConsoleStore } from './console-store';
import { defaultDataDir, findWorkspaceRoot } from './data-dir';

const scratch = mkdtempSync(join(tmpdir(), 'strata-console-store-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('openConsoleStore', () => {
  it('creates the default SQLite database in a private data directory', async () => {
    const dataDir = join(scratch, 'fresh', '.strata', 'console');
    const store = await openConsoleStore({ dataDir, env: {} });
    try {
      expect(store.dialect).toBe('sqlite');
      expect(store.description).toBe(`sqlite:${join(dataDir, 'console.db')}`);
      expect(statSync(dataDir).mode & 0o777).toBe(0o700);
      expect(statSync(join(dataDir, 'console.db')).mode & 0o777).toBe(0o600);
    } finally {
      await store.close();
    }
  });

  it('takes the database from CONSOLE_DB when no url is given', async () => {
    const file = join(scratch, 'from-env', 'named.db');
    const store = await openConsoleStore({ dataDir: join(scratch, 'unused'), env: { CONSOLE_DB: `sqlite:${file}` } });
    try {
      expect(store.description).toBe(`sqlite:${file}`);
    } finally {
      await store.close();
    }
  });

  it.each([['mysql://x'], ['sqlite:'], ['./file.db']])('refuses the database URL %s', async (url) => {
    const opening = openConsoleStore({ url, dataDir: join(scratch, 'refused'), env: {} });
    await expect(opening).rejects.toBeInstanceOf(InputError);
    await expect(opening).rejects.toThrow(/CONSOLE_DB/);
  });

  it('puts the data directory under the workspace unless STRATA_CONSOLE_DATA_DIR says otherwise', () => {
    const root = findWorkspaceRoot(join(import.meta.dirname));
    expect(defaultDataDir({}, import.meta.dirname)).toBe(join(root, '.strata', 'console'));
    expect(defaultDataDir({ STRATA_CONSOLE_DATA_DIR: '/srv/console' })).toBe('/srv/console');
  });
});

describe.each(BACKENDS)('migrations on %s', (backend) => {
  it('apply every version once and are idempotent', async () => {
    const test = await openTestStore(backend);
    try {
      const rows = await test.store.db.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
      expect(rows.map((r) => Number(r.version))).toEqual(MIGRATIONS.map((m) => m.version));
      expect(await migrate(test.store.db)).toEqual([]);
      const again = await test.reopen();
      expect((await again.db.query('SELECT version FROM schema_migrations')).length).toBe(MIGRATIONS.length);
    } finally {
      await test.drop();
    }
  });

  it('refuse a database migrated by a newer console', async () => {
    const test = await openTestStore(backend);
    try {
      await test.store.db.run('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [999, 'future', Date.now()]);
      await expect(test.reopen()).rejects.toThrow(/version 999, newer than this console knows/);
    } finally {
      await test.drop();
    }
  });
});

describe('migrations on postgres with several consoles starting at once', () => {
  it('migrate one fresh database exactly once', async () => {
    const test = await openTestStore('postgres');
    try {
      await test.store.db.run('DROP TABLE wizard_drafts, audit_log, usage_samples, license_state, clusters, sessions, users, schema_migrations');
      const opened = await Promise.all([test.reopen(), test.reopen(), test.reopen()]);
      const rows = await opened[0]!.db.query<{ version: number }>('SELECT version FROM schema_migrations');
      expect(rows.map((r) => Number(r.version))).toEqual(MIGRATIONS.map((m) => m.version));
    } finally {
      await test.drop();
    }
  });
});

import { describe, expect, it } from 'vitest';
import { createThrowawayDatabase, DIALECTS } from '@strata/sql/testing';
import { MIGRATIONS, migrate } from './migrations';
import { openDatabase } from './open-database';

describe('openDatabase', () => {
  it.each([['mysql://x'], ['sqlite:'], ['./file.db']])('refuses the setting %s', async (setting) => {
    await expect(openDatabase(setting)).rejects.toThrow(/LICENSE_DB/);
  });
});

describe.each(DIALECTS)('openDatabase on %s', (dialect) => {
  it('applies every license server migration once and records it', async () => {
    const test = await createThrowawayDatabase(dialect, 'license');
    const db = await openDatabase(test.url);
    try {
      expect(db.dialect).toBe(dialect);
      const rows = await db.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
      expect(rows.map((r) => Number(r.version))).toEqual(MIGRATIONS.map((m) => m.version));
      expect(await migrate(db)).toEqual([]);
    } finally {
      await db.close();
      await test.drop();
    }
  });

  it('refuses a database migrated by a newer license server', async () => {
    const test = await createThrowawayDatabase(dialect, 'license');
    const db = await openDatabase(test.url);
    try {
      await db.run('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [999, 'future', Date.now()]);
      await expect(openDatabase(test.url)).rejects.toThrow(/version 999, newer than this license server knows/);
    } finally {
      await db.close();
      await test.drop();
    }
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from './database';
import { migrated, runMigrations, type Migration, type MigrationOptions } from './migrations';
import { SqliteDatabase } from './sqlite-database';
import { createTestDatabase, DIALECTS, type TestDatabase } from './testing/test-databases';

const OPTIONS: MigrationOptions = { owner: 'test suite', lockId: 4100_2099 };

const FIRST: Migration = { version: 1, name: 'items', statements: ['CREATE TABLE items (id TEXT PRIMARY KEY, at BIGINT NOT NULL)'] };
const SECOND: Migration = {
  version: 2,
  name: 'events with a serial key',
  statements: {
    sqlite: ['CREATE TABLE events (id INTEGER PRIMARY KEY AUTOINCREMENT, what TEXT NOT NULL)'],
    postgres: ['CREATE TABLE events (id BIGSERIAL PRIMARY KEY, what TEXT NOT NULL)'],
  },
};
const THIRD: Migration = { version: 3, name: 'item notes', statements: ['ALTER TABLE items ADD COLUMN note TEXT'] };

async function versions(db: Database, table = 'schema_migrations'): Promise<number[]> {
  return (await db.query<{ version: number }>(`SELECT version FROM ${table} ORDER BY version`)).map((r) => Number(r.version));
}

describe.each(DIALECTS)('runMigrations on %s', (dialect) => {
  let test: TestDatabase;
  let db: Database;

  beforeEach(async () => {
    test = await createTestDatabase(dialect);
    db = test.open();
  });
  afterEach(async () => {
    await test.drop();
  });

  it('applies every migration once, in version order, and records it', async () => {
    expect(await runMigrations(db, [THIRD, FIRST, SECOND], OPTIONS)).toEqual([1, 2, 3]);
    expect(await versions(db)).toEqual([1, 2, 3]);
    const [row] = await db.query<{ name: string; applied_at: number }>('SELECT name, applied_at FROM schema_migrations WHERE version = 2');
    expect(row?.name).toBe('events with a serial key');
    expect(Math.abs(Date.now() - Number(row?.applied_at))).toBeLessThan(60_000);
    expect(await runMigrations(db, [FIRST, SECOND, THIRD], OPTIONS)).toEqual([]);
  });

  it('applies only the migrations added since the last run', async () => {
    expect(await runMigrations(db, [FIRST], OPTIONS)).toEqual([1]);
    expect(await runMigrations(db, [FIRST, SECOND, THIRD], OPTIONS)).toEqual([2, 3]);
    await db.run('INSERT INTO items (id, at, note) VALUES ($1, $2, $3)', ['i1', 1, 'noted']);
  });

  it("runs the statements of the database's own dialect", async () => {
    await runMigrations(db, [SECOND], OPTIONS);
    await db.run('INSERT INTO events (what) VALUES ($1)', ['a']);
    await db.run('INSERT INTO events (what) VALUES ($1)', ['b']);
    expect(await db.query('SELECT id, what FROM events ORDER BY id')).toEqual([
      { id: 1, what: 'a' },
      { id: 2, what: 'b' },
    ]);
  });

  it('refuses a database migrated by a newer program, naming the owner', async () => {
    await runMigrations(db, [FIRST, SECOND], OPTIONS);
    await expect(runMigrations(db, [FIRST], OPTIONS)).rejects.toThrow(
      'the test suite database schema is at version 2, newer than this test suite knows (1); run a newer test suite',
    );
  });

  it('leaves the schema as it was when a statement fails', async () => {
    const broken: Migration = { version: 2, name: 'broken', statements: ['CREATE TABLE extra (a TEXT)', 'CREATE TABLE items (id TEXT)'] };
    await runMigrations(db, [FIRST], OPTIONS);
    await expect(runMigrations(db, [FIRST, broken], OPTIONS)).rejects.toThrow();
    expect(await versions(db)).toEqual([1]);
    await expect(db.query('SELECT a FROM extra')).rejects.toThrow();
  });

  it('keeps its bookkeeping in the table it is given', async () => {
    expect(await runMigrations(db, [FIRST], { ...OPTIONS, table: 'other_migrations' })).toEqual([1]);
    expect(await versions(db, 'other_migrations')).toEqual([1]);
    await expect(db.query('SELECT version FROM schema_migrations')).rejects.toThrow();
  });

  it.each([['schema migrations'], ['x; DROP TABLE items'], ['Migrations'], ['']])('refuses the table name %j', async (table) => {
    await expect(runMigrations(db, [FIRST], { ...OPTIONS, table })).rejects.toThrow(/migration table name/);
  });
});

// Several processes share one PostgreSQL database in production (SQLite has one process per file).
describe('runMigrations on postgres with several processes starting at once', () => {
  it('migrates one fresh database exactly once', async () => {
    const test = await createTestDatabase('postgres');
    try {
      const dbs = [test.open(), test.open(), test.open()];
      const results = await Promise.all(dbs.map((db) => runMigrations(db, [FIRST, SECOND, THIRD], OPTIONS)));
      expect(results.flat().sort()).toEqual([1, 2, 3]);
      expect(await versions(dbs[0]!)).toEqual([1, 2, 3]);
    } finally {
      await test.drop();
    }
  });
});

describe('migrated', () => {
  it('answers the database once its migrations ran', async () => {
    const db = new SqliteDatabase(':memory:');
    const same = await migrated(db, (d) => runMigrations(d, [FIRST], OPTIONS));
    expect(same).toBe(db);
    expect(await versions(db)).toEqual([1]);
    await db.close();
  });

  it('closes the database when a migration fails, and throws the migration error', async () => {
    const db = new SqliteDatabase(':memory:');
    const broken: Migration = { version: 1, name: 'broken', statements: ['CREATE TABLE nope ('] };
    await expect(migrated(db, (d) => runMigrations(d, [broken], OPTIONS))).rejects.toThrow(/incomplete input/);
    await expect(db.query('SELECT 1')).rejects.toThrow();
  });
});

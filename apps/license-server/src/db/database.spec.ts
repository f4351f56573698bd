import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../testing/test-databases';
import type { Database } from './database';
import { MIGRATIONS, migrate, type Migration } from './migrations';
import { openDatabase } from './open-database';
import { SqliteDatabase, toSqlitePlaceholders } from './sqlite-database';

describe('toSqlitePlaceholders', () => {
  it.each([
    ['SELECT * FROM t WHERE a = $1 AND b = $2', 'SELECT * FROM t WHERE a = ?1 AND b = ?2'],
    ['SELECT $1, $1, $10', 'SELECT ?1, ?1, ?10'],
    ["SELECT '$1 stays', $1", "SELECT '$1 stays', ?1"],
    ["SELECT 'it''s $2', $2", "SELECT 'it''s $2', ?2"],
  ])('translates %s', (input, expected) => {
    expect(toSqlitePlaceholders(input)).toBe(expected);
  });
});

describe('SqliteDatabase', () => {
  it('runs in WAL mode with full synchronous commits and foreign keys', async () => {
    const test = await createTestDatabase('sqlite');
    const db = new SqliteDatabase(test.url.slice('sqlite:'.length));
    try {
      expect(db.pragma('journal_mode')).toBe('wal');
      expect(db.pragma('synchronous')).toBe(2); // 2 = FULL
      expect(db.pragma('foreign_keys')).toBe(1);
    } finally {
      await db.close();
      await test.drop();
    }
  });
});

describe('openDatabase', () => {
  it.each([['mysql://x'], ['sqlite:'], ['./file.db']])('refuses the setting %s', async (setting) => {
    await expect(openDatabase(setting)).rejects.toThrow(/LICENSE_DB/);
  });
});

// Several server instances share one PostgreSQL database in production (SQLite has one server per file).
describe('migrations on postgres', () => {
  it('let several servers starting at once migrate one fresh database exactly once', async () => {
    const test = await createTestDatabase('postgres');
    const opened = await Promise.allSettled([openDatabase(test.url), openDatabase(test.url), openDatabase(test.url)]);
    try {
      expect(opened.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
      const db = (opened[0] as PromiseFulfilledResult<Database>).value;
      const rows = await db.query<{ version: number }>('SELECT version FROM schema_migrations');
      expect(rows.map((r) => Number(r.version))).toEqual(MIGRATIONS.map((m) => m.version));
    } finally {
      await Promise.all(opened.map((o) => (o.status === 'fulfilled' ? o.value.close() : undefined)));
      await test.drop();
    }
  });
});

describe.each(DIALECTS)('query layer on %s', (dialect) => {
  let test: TestDatabase;
  let db: Database;

  beforeAll(async () => {
    test = await createTestDatabase(dialect);
    db = await openDatabase(test.url);
    await db.run('CREATE TABLE scratch (k TEXT PRIMARY KEY, v BIGINT NOT NULL)');
  });
  afterAll(async () => {
    await db?.close();
    await test?.drop();
  });

  it('applies every migration once and records it', async () => {
    const rows = await db.query<{ version: number; name: string }>('SELECT version, name FROM schema_migrations ORDER BY version');
    expect(rows.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
    expect(await migrate(db)).toEqual([]);
  });

  it('applies later migrations in version order', async () => {
    const later: Migration[] = [
      { version: 1001, name: 'second', statements: ['ALTER TABLE scratch ADD COLUMN w TEXT'] },
      { version: 1000, name: 'first', statements: { sqlite: ['CREATE TABLE m1 (a TEXT)'], postgres: ['CREATE TABLE m1 (a TEXT)'] } },
    ];
    expect(await migrate(db, [...MIGRATIONS, ...later])).toEqual([1000, 1001]);
    expect(await migrate(db, [...MIGRATIONS, ...later])).toEqual([]);
  });

  it('refuses a database migrated by a newer server', async () => {
    await expect(migrate(db, MIGRATIONS)).rejects.toThrow(/newer than this server knows/);
  });

  it('binds $n placeholders and returns numbers for BIGINT columns', async () => {
    await db.run('INSERT INTO scratch (k, v) VALUES ($1, $2)', ['a', 1_790_000_000_000]);
    const rows = await db.query('SELECT k, v FROM scratch WHERE k = $1 AND v > $2', ['a', 5]);
    expect(rows.map((row) => ({ ...row }))).toEqual([{ k: 'a', v: 1_790_000_000_000 }]);
    const [count] = await db.query<{ n: number }>('SELECT COUNT(*) AS n FROM scratch');
    expect(count?.n).toBe(1);
  });

  it('commits a transaction as a whole', async () => {
    await db.transaction(async (tx) => {
      await tx.run('INSERT INTO scratch (k, v) VALUES ($1, $2)', ['t1', 1]);
      await tx.run('INSERT INTO scratch (k, v) VALUES ($1, $2)', ['t2', 2]);
    });
    expect((await db.query("SELECT k FROM scratch WHERE k LIKE 't%' ORDER BY k")).length).toBe(2);
  });

  it('rolls a failed transaction back entirely', async () => {
    await expect(
      db.transaction(async (tx) => {
        await tx.run('INSERT INTO scratch (k, v) VALUES ($1, $2)', ['r1', 1]);
        await tx.run('INSERT INTO scratch (k, v) VALUES ($1, $2)', ['r1', 2]);
      }),
    ).rejects.toThrow();
    expect(await db.query('SELECT k FROM scratch WHERE k = $1', ['r1'])).toEqual([]);
  });

  it('keeps concurrent transactions from seeing or breaking each other', async () => {
    // SQLite serializes whole transactions; PostgreSQL needs the row lock a real repository would take.
    const lock = dialect === 'postgres' ? ' FOR UPDATE' : '';
    const bump = () =>
      db.transaction(async (tx) => {
        const [row] = await tx.query<{ v: number }>(`SELECT v FROM scratch WHERE k = $1${lock}`, ['a']);
        await new Promise((resolve) => setTimeout(resolve, 1));
        await tx.run('UPDATE scratch SET v = $2 WHERE k = $1', ['a', Number(row?.v) + 1]);
      });
    const before = Number((await db.query<{ v: number }>('SELECT v FROM scratch WHERE k = $1', ['a']))[0]?.v);
    await Promise.all(Array.from({ length: 20 }, bump));
    const after = Number((await db.query<{ v: number }>('SELECT v FROM scratch WHERE k = $1', ['a']))[0]?.v);
    expect(after - before).toBe(20);
  });
});

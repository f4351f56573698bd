import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from './database';
import { createTestDatabase, DIALECTS, type TestDatabase } from './testing/test-databases';

describe.each(DIALECTS)('query layer on %s', (dialect) => {
  let test: TestDatabase;
  let db: Database;

  beforeAll(async () => {
    test = await createTestDatabase(dialect);
    db = test.open();
    await db.run('CREATE TABLE scratch (k TEXT PRIMARY KEY, v BIGINT NOT NULL)');
  });
  afterAll(async () => {
    await test?.drop();
  });

  it('speaks its dialect', () => {
    expect(db.dialect).toBe(dialect);
  });

  it('binds $n placeholders and returns numbers for BIGINT columns', async () => {
    await db.run('INSERT INTO scratch (k, v) VALUES ($1, $2)', ['a', 1_790_000_000_000]);
    const rows = await db.query('SELECT k, v FROM scratch WHERE k = $1 AND v > $2', ['a', 5]);
    expect(rows.map((row) => ({ ...row }))).toEqual([{ k: 'a', v: 1_790_000_000_000 }]);
    // Counts only this test's row: the table is shared by the tests of the file, which run in any order.
    const [count] = await db.query<{ n: number }>('SELECT COUNT(*) AS n FROM scratch WHERE k = $1', ['a']);
    expect(count?.n).toBe(1);
  });

  it('binds one parameter used twice and leaves $n inside strings alone', async () => {
    const [row] = await db.query<{ a: string; b: string; c: string }>("SELECT $1 AS a, $1 AS b, '$1' AS c", ['x']);
    expect({ ...row }).toEqual({ a: 'x', b: 'x', c: '$1' });
  });

  it('reports how many rows a statement changed', async () => {
    // Keys of its own ('changes-…'): other tests of the file write to the same table, in any order.
    await db.run('INSERT INTO scratch (k, v) VALUES ($1, $2), ($3, $4)', ['changes-1', 1, 'changes-2', 2]);
    expect(await db.run("UPDATE scratch SET v = v + 1 WHERE k LIKE 'changes-%'")).toEqual({ changes: 2 });
    expect(await db.run('DELETE FROM scratch WHERE k = $1', ['missing'])).toEqual({ changes: 0 });
  });

  it('returns rows from RETURNING', async () => {
    const rows = await db.query<{ k: string }>('INSERT INTO scratch (k, v) VALUES ($1, $2) RETURNING k', ['ret', 7]);
    expect(rows.map((r) => r.k)).toEqual(['ret']);
  });

  it('commits a transaction as a whole', async () => {
    const result = await db.transaction(async (tx) => {
      await tx.run('INSERT INTO scratch (k, v) VALUES ($1, $2)', ['t1', 1]);
      await tx.run('INSERT INTO scratch (k, v) VALUES ($1, $2)', ['t2', 2]);
      return 'done';
    });
    expect(result).toBe('done');
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

  it('rolls back when the work itself throws', async () => {
    await expect(
      db.transaction(async (tx) => {
        await tx.run('INSERT INTO scratch (k, v) VALUES ($1, $2)', ['w1', 1]);
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(await db.query('SELECT k FROM scratch WHERE k = $1', ['w1'])).toEqual([]);
  });

  it('keeps concurrent transactions from seeing or breaking each other', async () => {
    // SQLite serializes whole transactions; PostgreSQL needs the row lock a real repository would take.
    const lock = dialect === 'postgres' ? ' FOR UPDATE' : '';
    await db.run('INSERT INTO scratch (k, v) VALUES ($1, $2)', ['counter', 0]);
    const bump = () =>
      db.transaction(async (tx) => {
        const [row] = await tx.query<{ v: number }>(`SELECT v FROM scratch WHERE k = $1${lock}`, ['counter']);
        // Hold the transaction open across a turn of the event loop, so the others interleave.
        await sleep(1);
        await tx.run('UPDATE scratch SET v = $2 WHERE k = $1', ['counter', Number(row?.v) + 1]);
      });
    await Promise.all(Array.from({ length: 20 }, bump));
    expect(await db.query('SELECT v FROM scratch WHERE k = $1', ['counter'])).toEqual([{ v: 20 }]);
  });

  it('keeps what was committed for the next connection', async () => {
    await db.run('INSERT INTO scratch (k, v) VALUES ($1, $2)', ['durable', 42]);
    const other = test.open();
    expect(await other.query('SELECT v FROM scratch WHERE k = $1', ['durable'])).toEqual([{ v: 42 }]);
  });
});

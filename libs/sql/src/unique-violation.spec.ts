import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from './database';
import { createTestDatabase, DIALECTS, type TestDatabase } from './testing/test-databases';
import { isUniqueViolation } from './unique-violation';

describe('isUniqueViolation', () => {
  it.each([[null], [undefined], ['UNIQUE constraint failed'], [new Error('FOREIGN KEY constraint failed')], [{ code: '23503' }]])(
    'is false for %s',
    (value) => {
      expect(isUniqueViolation(value)).toBe(false);
    },
  );
});

describe.each(DIALECTS)('isUniqueViolation on %s', (dialect) => {
  let test: TestDatabase;
  let db: Database;

  beforeAll(async () => {
    test = await createTestDatabase(dialect);
    db = test.open();
    await db.run('CREATE TABLE parent (id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE)');
    await db.run('CREATE TABLE child (parent_id TEXT NOT NULL REFERENCES parent (id))');
    await db.run('INSERT INTO parent (id, name) VALUES ($1, $2)', ['p1', 'one']);
  });
  afterAll(async () => {
    await test?.drop();
  });

  async function errorOf(sql: string, params: string[]): Promise<unknown> {
    return db.run(sql, params).then(
      () => undefined,
      (error: unknown) => error,
    );
  }

  it.each([
    ['a duplicate primary key', 'INSERT INTO parent (id, name) VALUES ($1, $2)', ['p1', 'other']],
    ['a duplicate unique column', 'INSERT INTO parent (id, name) VALUES ($1, $2)', ['p2', 'one']],
  ])('recognizes %s', async (_what, sql, params) => {
    const error = await errorOf(sql, params);
    expect(error).toBeDefined();
    expect(isUniqueViolation(error)).toBe(true);
  });

  it('does not take a foreign key violation for one', async () => {
    const error = await errorOf('INSERT INTO child (parent_id) VALUES ($1)', ['nobody']);
    expect(error).toBeDefined();
    expect(isUniqueViolation(error)).toBe(false);
  });
});

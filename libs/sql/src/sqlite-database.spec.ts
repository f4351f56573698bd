import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SqliteDatabase } from './sqlite-database';

const scratch = mkdtempSync(join(tmpdir(), 'strata-sqlite-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('SqliteDatabase', () => {
  it('runs in WAL mode with full synchronous commits and foreign keys', async () => {
    const db = new SqliteDatabase(join(scratch, 'pragmas.db'));
    try {
      expect(db.pragma('journal_mode')).toBe('wal');
      expect(db.pragma('synchronous')).toBe(2); // 2 = FULL
      expect(db.pragma('foreign_keys')).toBe(1);
    } finally {
      await db.close();
    }
  });

  it('creates the file owner-only in owner-only directories', async () => {
    const dir = join(scratch, 'private', 'nested');
    const db = new SqliteDatabase(join(dir, 'data.db'));
    try {
      await db.run('CREATE TABLE t (a TEXT)');
      expect(statSync(join(scratch, 'private')).mode & 0o777).toBe(0o700);
      expect(statSync(dir).mode & 0o777).toBe(0o700);
      expect(statSync(join(dir, 'data.db')).mode & 0o777).toBe(0o600);
      expect(statSync(join(dir, 'data.db-wal')).mode & 0o777).toBe(0o600);
    } finally {
      await db.close();
    }
  });

  it('leaves one file with every commit in it once closed', async () => {
    const file = join(scratch, 'closed.db');
    const db = new SqliteDatabase(file);
    await db.run('CREATE TABLE t (a TEXT)');
    await db.run('INSERT INTO t (a) VALUES ($1)', ['kept']);
    expect(statSync(`${file}-wal`).size).toBeGreaterThan(0);
    await db.close();
    expect(existsSync(`${file}-wal`)).toBe(false);
    const again = new SqliteDatabase(file);
    try {
      expect(await again.query('SELECT a FROM t')).toEqual([{ a: 'kept' }]);
    } finally {
      await again.close();
    }
  });

  it('closes more than once without failing', async () => {
    const db = new SqliteDatabase(':memory:');
    await db.close();
    await expect(db.close()).resolves.toBeUndefined();
  });

  it('describes where its data lives', async () => {
    const db = new SqliteDatabase(':memory:');
    try {
      expect(db.description).toBe('sqlite::memory:');
      expect(db.dialect).toBe('sqlite');
    } finally {
      await db.close();
    }
  });
});

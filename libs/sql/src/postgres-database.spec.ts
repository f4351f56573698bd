import { describe, expect, it } from 'vitest';
import { PostgresDatabase, redactUrl } from './postgres-database';
import { TEST_PG_URL } from './testing/test-databases';

describe('redactUrl', () => {
  it.each([
    ['postgres://strata:secret@db.example:5432/strata', 'postgres://strata:***@db.example:5432/strata'],
    ['postgresql://strata@db.example/strata', 'postgresql://strata@db.example/strata'],
    ['not a url', 'postgres://(unparsable URL)'],
  ])('turns %s into %s', (url, expected) => {
    expect(redactUrl(url)).toBe(expected);
  });
});

describe('PostgresDatabase', () => {
  it('describes where its data lives without the password', async () => {
    const db = new PostgresDatabase('postgres://strata:secret@127.0.0.1:1/none');
    try {
      expect(db.description).toBe('postgres://strata:***@127.0.0.1:1/none');
      expect(db.dialect).toBe('postgres');
    } finally {
      await db.close();
    }
  });

  it('reports a server it cannot reach when first used', async () => {
    const db = new PostgresDatabase('postgres://strata:secret@127.0.0.1:1/none');
    try {
      await expect(db.query('SELECT 1')).rejects.toThrow(/ECONNREFUSED/);
    } finally {
      await db.close();
    }
  });

  it('returns BIGINT and COUNT results as numbers', async () => {
    const db = new PostgresDatabase(TEST_PG_URL);
    try {
      const [row] = await db.query<{ big: unknown; n: unknown }>('SELECT 1790000000000::bigint AS big, COUNT(*) AS n FROM (VALUES (1), (2)) v');
      expect(row).toEqual({ big: 1_790_000_000_000, n: 2 });
    } finally {
      await db.close();
    }
  });
});

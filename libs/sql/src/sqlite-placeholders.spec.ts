import { describe, expect, it } from 'vitest';
import { toSqlitePlaceholders } from './sqlite-placeholders';

describe('toSqlitePlaceholders', () => {
  it.each([
    ['SELECT * FROM t WHERE a = $1 AND b = $2', 'SELECT * FROM t WHERE a = ?1 AND b = ?2'],
    ['SELECT $1, $1, $10', 'SELECT ?1, ?1, ?10'],
    ["SELECT '$1 stays', $1", "SELECT '$1 stays', ?1"],
    ["SELECT 'it''s $2', $2", "SELECT 'it''s $2', ?2"],
    ['SELECT 1', 'SELECT 1'],
  ])('translates %s', (input, expected) => {
    expect(toSqlitePlaceholders(input)).toBe(expected);
  });
});

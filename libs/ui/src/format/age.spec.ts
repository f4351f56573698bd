import { describe, expect, it } from 'vitest';
import { formatAge, formatRemaining } from './age';

const NOW = Date.parse('2026-06-01T12:00:00Z');

describe('formatAge', () => {
  it.each([
    ['2026-06-01T11:59:18Z', '42s'],
    ['2026-06-01T11:53:00Z', '7m'],
    ['2026-06-01T07:00:00Z', '5h'],
    ['2026-05-29T12:00:00Z', '3d'],
    ['2024-05-01T12:00:00Z', '2y'],
  ])('prints %s as %s', (from, expected) => {
    expect(formatAge(from, NOW)).toBe(expected);
  });

  it.each([[undefined], [null], [''], ['not a date']])('prints %s as a dash', (from) => {
    expect(formatAge(from, NOW)).toBe('-');
  });

  it('clamps instants in the future to zero', () => {
    expect(formatAge('2026-06-01T12:05:00Z', NOW)).toBe('0s');
  });
});

describe('formatRemaining', () => {
  it.each([
    [12 * 86_400_000 + 4 * 3_600_000 + 5_000, '12d 4h'],
    [3 * 3_600_000 + 12 * 60_000, '3h 12m'],
    [4 * 60_000 + 9_000, '4m 09s'],
    [5_000, '5s'],
    [0, '0s'],
    [-10, '0s'],
  ])('prints %d ms as %s', (ms, expected) => {
    expect(formatRemaining(ms)).toBe(expected);
  });
});

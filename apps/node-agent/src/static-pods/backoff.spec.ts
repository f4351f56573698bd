import { describe, expect, it } from 'vitest';
import { DEFAULT_BACKOFF, restartDelayMs } from './backoff';

describe('restartDelayMs', () => {
  it.each([
    [0, 1_000],
    [1, 2_000],
    [2, 4_000],
    [5, 32_000],
    [6, 60_000],
    [100, 60_000],
  ])('after %i consecutive crashes waits %i ms', (failures, delay) => {
    expect(restartDelayMs(failures, DEFAULT_BACKOFF)).toBe(delay);
  });

  it('follows the policy it is given', () => {
    expect(restartDelayMs(3, { initialMs: 100, maxMs: 500, resetAfterMs: 1 })).toBe(500);
  });
});

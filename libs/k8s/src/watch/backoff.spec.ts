import { describe, expect, it } from 'vitest';
import { backoffDelay, sleep } from './backoff';

describe('backoffDelay', () => {
  it.each([
    [0, 250, 500],
    [1, 500, 1_000],
    [2, 1_000, 2_000],
    [5, 8_000, 16_000],
    [6, 15_000, 30_000],
    [50, 15_000, 30_000],
  ])('attempt %i waits between %i and %i ms with the defaults', (attempt, low, high) => {
    expect(backoffDelay(attempt, {}, () => 0)).toBe(low);
    expect(backoffDelay(attempt, {}, () => 1)).toBe(high);
  });

  it('spreads delays between half and all of the capped exponential', () => {
    const delays = Array.from({ length: 200 }, () => backoffDelay(3, { initialMs: 100, maxMs: 10_000 }));
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(400);
    expect(Math.max(...delays)).toBeLessThanOrEqual(800);
    expect(new Set(delays).size).toBeGreaterThan(20);
  });

  it('honours the cap', () => {
    expect(backoffDelay(10, { initialMs: 1_000, maxMs: 2_000 }, () => 1)).toBe(2_000);
  });
});

describe('sleep', () => {
  it('returns early without throwing when aborted', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const done = sleep(60_000, controller.signal);
    controller.abort();
    await done;
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

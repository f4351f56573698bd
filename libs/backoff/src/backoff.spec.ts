import { afterEach, describe, expect, it, vi } from 'vitest';
import { backoffCeiling, backoffDelay, exponentialBackoff, jittered } from './backoff';

const options = { initialMs: 100, maxMs: 1_000 };

afterEach(() => {
  vi.restoreAllMocks();
});

describe('backoffDelay', () => {
  it.each([
    [0, 100],
    [1, 200],
    [2, 400],
    [3, 800],
    [4, 1_000],
    [60, 1_000],
    [5_000, 1_000],
  ])('retry %i waits less than %i ms: the exponential, capped', (attempt, ceiling) => {
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    expect(backoffDelay(attempt, options)).toBe(ceiling / 2);
    vi.spyOn(Math, 'random').mockReturnValue(0);
    expect(backoffDelay(attempt, options)).toBe(0);
    vi.spyOn(Math, 'random').mockReturnValue(0.999_999);
    expect(backoffDelay(attempt, options)).toBe(ceiling - 1);
    expect(backoffCeiling(attempt, options)).toBe(ceiling);
  });

  it('spreads real delays over the whole range (full jitter)', () => {
    const delays = Array.from({ length: 500 }, () => backoffDelay(3, options));
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...delays)).toBeLessThan(800);
    expect(delays.filter((d) => d < 200).length).toBeGreaterThan(0);
    expect(delays.filter((d) => d >= 600).length).toBeGreaterThan(0);
    expect(new Set(delays).size).toBeGreaterThan(100);
  });

  it('treats a negative or fractional attempt as the nearest attempt below, never below the first', () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    expect(backoffDelay(-3, options)).toBe(50);
    expect(backoffDelay(1.7, options)).toBe(100);
  });
});

describe('exponentialBackoff', () => {
  it('gives cockatiel the same schedule, attempt after attempt', () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    let step = exponentialBackoff(options).next();
    const durations = [step.duration];
    for (let i = 0; i < 5; i++) {
      step = step.next(undefined);
      durations.push(step.duration);
    }
    expect(durations).toEqual([0, 1, 2, 3, 4].map((attempt) => backoffDelay(attempt, options)).concat([500]));
  });
});

describe('jittered', () => {
  it('stays within ±fraction and varies', () => {
    const values = Array.from({ length: 200 }, () => jittered(10_000, 0.1));
    expect(Math.min(...values)).toBeGreaterThanOrEqual(9_000);
    expect(Math.max(...values)).toBeLessThanOrEqual(11_000);
    expect(new Set(values).size).toBeGreaterThan(20);
  });
});

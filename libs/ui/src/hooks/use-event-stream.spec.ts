import { describe, expect, it } from 'vitest';
import { reconnectDelay } from './use-event-stream';

describe('reconnectDelay', () => {
  it('doubles per attempt from the base delay', () => {
    const mid = () => 0.5;
    expect([0, 1, 2, 3].map((a) => reconnectDelay(a, 1000, 30_000, mid))).toEqual([1000, 2000, 4000, 8000]);
  });

  it('never exceeds the maximum, jitter included', () => {
    expect(reconnectDelay(20, 1000, 30_000, () => 0.999)).toBeLessThanOrEqual(30_000 * 1.25);
    expect(reconnectDelay(20, 1000, 30_000, () => 0.5)).toBe(30_000);
  });

  it('spreads retries by ±25 %', () => {
    expect(reconnectDelay(1, 1000, 30_000, () => 0)).toBe(1500);
    expect(reconnectDelay(1, 1000, 30_000, () => 1)).toBe(2500);
  });
});

import { describe, expect, it } from 'vitest';
import { FailureThrottle } from './failure-throttle';

const policy = { freeFailures: 3, lockAfter: 6, baseDelayMs: 1000, maxDelayMs: 600_000, lockMs: 60_000, windowMs: 300_000 };

describe('FailureThrottle', () => {
  it('lets the first failures through, then doubles the delay, then locks', () => {
    let now = 0;
    const throttle = new FailureThrottle(policy, 100, () => now);
    expect([throttle.fail('u'), throttle.fail('u')]).toEqual([0, 0]);
    expect(throttle.fail('u')).toBe(1000);
    expect(throttle.retryAfterMs('u')).toBe(1000);
    now += 1000;
    expect(throttle.retryAfterMs('u')).toBe(0);
    expect(throttle.fail('u')).toBe(2000);
    expect(throttle.fail('u')).toBe(4000);
    expect(throttle.fail('u')).toBe(60_000);
    now += 59_000;
    expect(throttle.retryAfterMs('u')).toBe(1000);
  });

  it('forgets a key after success and after the window', () => {
    let now = 0;
    const throttle = new FailureThrottle(policy, 100, () => now);
    for (let i = 0; i < 3; i++) throttle.fail('a');
    throttle.succeed('a');
    expect(throttle.retryAfterMs('a')).toBe(0);
    for (let i = 0; i < 3; i++) throttle.fail('b');
    now += 300_001;
    expect(throttle.fail('b')).toBe(0);
  });

  it('keeps at most maxEntries keys', () => {
    const throttle = new FailureThrottle({ ...policy, freeFailures: 1 }, 2, () => 0);
    for (const key of ['a', 'b', 'c']) throttle.fail(key);
    expect(throttle.retryAfterMs('a')).toBe(0);
    expect(throttle.retryAfterMs('c')).toBe(1000);
  });

  it('never waits longer than maxDelayMs', () => {
    const throttle = new FailureThrottle({ ...policy, freeFailures: 1, lockAfter: Number.POSITIVE_INFINITY, maxDelayMs: 5000 }, 10, () => 0);
    const waits = Array.from({ length: 6 }, () => throttle.fail('k'));
    expect(waits).toEqual([1000, 2000, 4000, 5000, 5000, 5000]);
  });
});

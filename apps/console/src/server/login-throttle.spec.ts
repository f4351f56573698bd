import { describe, expect, it } from 'vitest';
import { clientAddress, LoginThrottle } from './login-throttle';

const policy = { freeFailures: 3, lockAfter: 6, baseDelayMs: 1000, lockMs: 60_000, windowMs: 300_000 };

describe('LoginThrottle', () => {
  it('lets the first failures through, then doubles the delay, then locks', () => {
    let now = 0;
    const throttle = new LoginThrottle(policy, 100, () => now);
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
    const throttle = new LoginThrottle(policy, 100, () => now);
    for (let i = 0; i < 3; i++) throttle.fail('a');
    throttle.succeed('a');
    expect(throttle.retryAfterMs('a')).toBe(0);
    for (let i = 0; i < 3; i++) throttle.fail('b');
    now += 300_001;
    expect(throttle.fail('b')).toBe(0);
  });

  it('keeps at most maxEntries keys', () => {
    const throttle = new LoginThrottle({ ...policy, freeFailures: 1 }, 2, () => 0);
    for (const key of ['a', 'b', 'c']) throttle.fail(key);
    expect(throttle.retryAfterMs('a')).toBe(0);
    expect(throttle.retryAfterMs('c')).toBe(1000);
  });
});

describe('clientAddress', () => {
  it('takes the hop the nearest proxy added', () => {
    expect(clientAddress(new Headers({ 'x-forwarded-for': '6.6.6.6, 10.0.0.1' }))).toBe('10.0.0.1');
    expect(clientAddress(new Headers())).toBe('unknown');
  });
});

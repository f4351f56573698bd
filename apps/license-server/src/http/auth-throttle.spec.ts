import { describe, expect, it } from 'vitest';
import { AuthThrottle } from './auth-throttle';

describe('AuthThrottle', () => {
  it('lets 5 failures pass, then blocks for a doubling delay', () => {
    let now = 0;
    const throttle = new AuthThrottle(() => now);
    for (let i = 0; i < 4; i++) throttle.failed('a');
    expect(throttle.retryAfterSeconds('a')).toBe(0);
    throttle.failed('a');
    expect(throttle.retryAfterSeconds('a')).toBe(1);
    now += 1000;
    throttle.failed('a');
    expect(throttle.retryAfterSeconds('a')).toBe(2);
    now += 2000;
    throttle.failed('a');
    expect(throttle.retryAfterSeconds('a')).toBe(4);
    expect(throttle.retryAfterSeconds('b')).toBe(0);
  });

  it('never waits longer than 15 minutes and forgets a quiet client', () => {
    let now = 0;
    const throttle = new AuthThrottle(() => now);
    for (let i = 0; i < 40; i++) throttle.failed('a');
    expect(throttle.retryAfterSeconds('a')).toBe(900);
    now += 15 * 60_000 + 1;
    expect(throttle.retryAfterSeconds('a')).toBe(0);
  });

  it('clears a client on success', () => {
    const throttle = new AuthThrottle(() => 0);
    for (let i = 0; i < 6; i++) throttle.failed('a');
    throttle.succeeded('a');
    expect(throttle.retryAfterSeconds('a')).toBe(0);
  });
});

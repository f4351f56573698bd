import { FailureThrottle, type ThrottlePolicy } from '@strata/throttle';

/**
 * Sign-in throttling per account and per client address (see `FailureThrottle`): the
 * console's sign-in runs in one Node process per replica, so a replica throttles what
 * reaches it.
 */
export const ACCOUNT_POLICY: ThrottlePolicy = {
  freeFailures: 3,
  lockAfter: 10,
  baseDelayMs: 1000,
  maxDelayMs: 15 * 60_000,
  lockMs: 15 * 60_000,
  windowMs: 15 * 60_000,
};
export const ADDRESS_POLICY: ThrottlePolicy = {
  freeFailures: 10,
  lockAfter: 50,
  baseDelayMs: 1000,
  maxDelayMs: 15 * 60_000,
  lockMs: 15 * 60_000,
  windowMs: 15 * 60_000,
};

/** The client address of a request: the last `x-forwarded-for` hop, which `next start` sets from the socket. */
export function clientAddress(headers: Headers): string {
  const hops = (headers.get('x-forwarded-for') ?? '')
    .split(',')
    .map((h) => h.trim())
    .filter(Boolean);
  return hops.at(-1) ?? 'unknown';
}

const KEY = Symbol.for('strata.console.loginThrottle');
const holder = globalThis as typeof globalThis & { [KEY]?: { accounts: FailureThrottle; addresses: FailureThrottle } };

/** The process-wide throttles (kept on globalThis so every route bundle shares them). */
export function loginThrottles(): { accounts: FailureThrottle; addresses: FailureThrottle } {
  holder[KEY] ??= { accounts: new FailureThrottle(ACCOUNT_POLICY), addresses: new FailureThrottle(ADDRESS_POLICY) };
  return holder[KEY];
}

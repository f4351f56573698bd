/**
 * Sign-in throttling per key (an account, a client address). After `freeFailures` failed
 * attempts within `windowMs`, each further attempt must wait a delay that doubles, and after
 * `lockAfter` failures the key is locked for `lockMs`. State is a bounded in-memory map with
 * expiry: the console's sign-in runs in one Node process per replica, so a replica throttles
 * what reaches it; the map is capped so a flood of addresses cannot exhaust memory.
 */
export interface ThrottlePolicy {
  freeFailures: number;
  lockAfter: number;
  baseDelayMs: number;
  lockMs: number;
  windowMs: number;
}

export const ACCOUNT_POLICY: ThrottlePolicy = { freeFailures: 3, lockAfter: 10, baseDelayMs: 1000, lockMs: 15 * 60_000, windowMs: 15 * 60_000 };
export const ADDRESS_POLICY: ThrottlePolicy = { freeFailures: 10, lockAfter: 50, baseDelayMs: 1000, lockMs: 15 * 60_000, windowMs: 15 * 60_000 };

interface Entry {
  failures: number;
  lastFailureAt: number;
  blockedUntil: number;
}

export class LoginThrottle {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly policy: ThrottlePolicy,
    private readonly maxEntries = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Milliseconds `key` must still wait before its next attempt; 0 when it may try now. */
  retryAfterMs(key: string): number {
    const entry = this.current(key);
    return entry ? Math.max(0, entry.blockedUntil - this.now()) : 0;
  }

  /** Counts a failed attempt and returns the wait it now imposes. */
  fail(key: string): number {
    const now = this.now();
    const entry = this.current(key) ?? { failures: 0, lastFailureAt: now, blockedUntil: 0 };
    entry.failures += 1;
    entry.lastFailureAt = now;
    const { freeFailures, lockAfter, baseDelayMs, lockMs } = this.policy;
    if (entry.failures >= lockAfter) entry.blockedUntil = now + lockMs;
    else if (entry.failures >= freeFailures) entry.blockedUntil = now + baseDelayMs * 2 ** (entry.failures - freeFailures);
    this.entries.delete(key);
    this.entries.set(key, entry);
    // Oldest first in insertion order: drop the least recently failed keys beyond the cap.
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    return Math.max(0, entry.blockedUntil - now);
  }

  /** Forgets `key` after a successful sign-in. */
  succeed(key: string): void {
    this.entries.delete(key);
  }

  private current(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    const now = this.now();
    if (now - entry.lastFailureAt > this.policy.windowMs && now >= entry.blockedUntil) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }
}

/** The client address of a request: the last `x-forwarded-for` hop, which `next start` sets from the socket. */
export function clientAddress(headers: Headers): string {
  const hops = (headers.get('x-forwarded-for') ?? '').split(',').map((h) => h.trim()).filter(Boolean);
  return hops.at(-1) ?? 'unknown';
}

const KEY = Symbol.for('strata.console.loginThrottle');
const holder = globalThis as typeof globalThis & { [KEY]?: { accounts: LoginThrottle; addresses: LoginThrottle } };

/** The process-wide throttles (kept on globalThis so every route bundle shares them). */
export function loginThrottles(): { accounts: LoginThrottle; addresses: LoginThrottle } {
  holder[KEY] ??= { accounts: new LoginThrottle(ACCOUNT_POLICY), addresses: new LoginThrottle(ADDRESS_POLICY) };
  return holder[KEY];
}

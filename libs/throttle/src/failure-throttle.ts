import { backoffCeiling } from '@strata/backoff';

/**
 * How a key (an account, a client address, a token guesser) is slowed down after failures:
 * `freeFailures` cost nothing, each further one imposes a delay that doubles from
 * `baseDelayMs` up to `maxDelayMs`, and from `lockAfter` failures on the key is locked for
 * `lockMs`. Failures older than `windowMs` are forgotten.
 */
export interface ThrottlePolicy {
  freeFailures: number;
  baseDelayMs: number;
  maxDelayMs: number;
  lockAfter: number;
  lockMs: number;
  windowMs: number;
}

interface Entry {
  failures: number;
  lastFailureAt: number;
  blockedUntil: number;
}

/**
 * Failure throttling in a bounded in-memory map with expiry, shared by every server that
 * takes a password or a token. Each process throttles what reaches it; the map is capped so
 * a flood of keys cannot exhaust memory (the least recently failed keys go first).
 */
export class FailureThrottle {
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
    const { freeFailures, lockAfter, baseDelayMs, maxDelayMs, lockMs } = this.policy;
    if (entry.failures >= lockAfter) entry.blockedUntil = now + lockMs;
    else if (entry.failures >= freeFailures)
      entry.blockedUntil = now + backoffCeiling(entry.failures - freeFailures, { initialMs: baseDelayMs, maxMs: maxDelayMs });
    this.entries.delete(key);
    this.entries.set(key, entry);
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    return Math.max(0, entry.blockedUntil - now);
  }

  /** Forgets `key` after a success. */
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

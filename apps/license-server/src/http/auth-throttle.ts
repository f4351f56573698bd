import { FailureThrottle } from '@strata/throttle';

/**
 * Wrong admin tokens per client address: after 5, every further wrong one blocks the
 * client for a doubling delay (1 s, 2 s, 4 s … 15 min), during which even a right token is
 * answered 429 with Retry-After. A right token clears the record. Kept in memory: a restart
 * forgets it, which costs an attacker a restart per 5 guesses.
 */
const ADMIN_TOKEN_POLICY = {
  freeFailures: 5,
  baseDelayMs: 1000,
  maxDelayMs: 15 * 60_000,
  lockAfter: Number.POSITIVE_INFINITY,
  lockMs: 0,
  windowMs: 15 * 60_000,
};

export class AuthThrottle {
  private readonly throttle: FailureThrottle;

  constructor(now: () => number = Date.now) {
    this.throttle = new FailureThrottle(ADMIN_TOKEN_POLICY, 10_000, now);
  }

  /** Seconds the client must still wait, or 0 when it may try. */
  retryAfterSeconds(client: string): number {
    return Math.ceil(this.throttle.retryAfterMs(client) / 1000);
  }

  /** Notes a wrong token. */
  failed(client: string): void {
    this.throttle.fail(client);
  }

  /** Notes a right token: the client's record is cleared. */
  succeeded(client: string): void {
    this.throttle.succeed(client);
  }
}

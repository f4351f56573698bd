/** Failures a client may make before it has to wait. */
const FREE_FAILURES = 5;
/** The longest wait, and how long a client's failures are remembered after the last one. */
const MAX_DELAY_MS = 15 * 60_000;
/** Clients remembered at most; the oldest are forgotten first, so the table cannot grow without bound. */
const MAX_CLIENTS = 10_000;

interface Entry {
  failures: number;
  blockedUntil: number;
  lastFailure: number;
}

/**
 * Slows down guessing of admin tokens per client address: after 5 wrong tokens, every
 * further wrong one blocks the client for a doubling delay (1 s, 2 s, 4 s … 15 min), during
 * which even a right token is answered 429 with Retry-After. A right token clears the record.
 * Kept in memory: a restart forgets it, which costs an attacker a restart per 5 guesses.
 */
export class AuthThrottle {
  private readonly clients = new Map<string, Entry>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Seconds the client must still wait, or 0 when it may try. */
  retryAfterSeconds(client: string): number {
    const entry = this.clients.get(client);
    if (!entry) return 0;
    const now = this.now();
    if (now - entry.lastFailure > MAX_DELAY_MS) {
      this.clients.delete(client);
      return 0;
    }
    return entry.blockedUntil > now ? Math.ceil((entry.blockedUntil - now) / 1000) : 0;
  }

  /** Notes a wrong token. */
  failed(client: string): void {
    const now = this.now();
    const entry = this.clients.get(client) ?? { failures: 0, blockedUntil: 0, lastFailure: now };
    entry.failures += 1;
    entry.lastFailure = now;
    if (entry.failures >= FREE_FAILURES) entry.blockedUntil = now + Math.min(1000 * 2 ** (entry.failures - FREE_FAILURES), MAX_DELAY_MS);
    this.clients.delete(client);
    this.clients.set(client, entry);
    if (this.clients.size > MAX_CLIENTS) this.clients.delete(this.clients.keys().next().value as string);
  }

  /** Notes a right token: the client's record is cleared. */
  succeeded(client: string): void {
    this.clients.delete(client);
  }
}

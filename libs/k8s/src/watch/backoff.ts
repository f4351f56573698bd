import { setTimeout as delay } from 'node:timers/promises';

export interface BackoffOptions {
  /** First delay; 500 ms by default. */
  initialMs?: number;
  /** Upper bound of any delay; 30 s by default. */
  maxMs?: number;
}

/**
 * The delay before retry number `attempt` (0-based): exponential, capped at `maxMs`, with
 * "equal jitter" (half fixed, half random) so that many watches failing together (an API
 * server restart) do not reconnect in lockstep, while no retry comes at once.
 */
export function backoffDelay(attempt: number, options: BackoffOptions = {}, random: () => number = Math.random): number {
  const initial = options.initialMs ?? 500;
  const max = options.maxMs ?? 30_000;
  const ceiling = Math.min(max, initial * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** Waits `ms`, or less if `signal` aborts; never rejects. */
export async function sleep(ms: number, signal: AbortSignal): Promise<void> {
  try {
    await delay(ms, undefined, { signal });
  } catch {
    // Aborted: the caller checks the signal.
  }
}

/** How a crashed static pod is restarted: capped exponential backoff, like the kubelet's CrashLoopBackOff. */
export interface BackoffPolicy {
  /** Delay before the first restart. */
  initialMs: number;
  /** The delay never grows beyond this. */
  maxMs: number;
  /** A process that ran at least this long before it exited starts over at `initialMs`. */
  resetAfterMs: number;
}

/** Restart after 1 s, 2 s, 4 s … at most 60 s; a process that ran for 2 minutes counts as healthy again. */
export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 1_000, maxMs: 60_000, resetAfterMs: 120_000 };

/** The delay before restart number `failures + 1` after `failures` consecutive crashes (0 → initial delay). */
export function restartDelayMs(failures: number, policy: BackoffPolicy = DEFAULT_BACKOFF): number {
  const exponent = Math.max(0, Math.min(failures, 30));
  return Math.min(policy.maxMs, policy.initialMs * 2 ** exponent);
}

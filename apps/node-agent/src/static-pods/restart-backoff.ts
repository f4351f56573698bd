import type { BackoffOptions } from '@strata/backoff';

/**
 * How a crashed process (a static pod, the agent itself) is restarted: after the workspace's
 * retry schedule (`backoffDelay` of `@strata/backoff`, full jitter) for its count of
 * consecutive crashes; a process that ran at least `resetAfterMs` counts as healthy again.
 */
export interface RestartBackoff extends BackoffOptions {
  resetAfterMs: number;
}

/** Restart within 1 s, 2 s, 4 s … at most 60 s; a process that ran for 2 minutes starts over. */
export const DEFAULT_RESTART_BACKOFF: RestartBackoff = { initialMs: 1_000, maxMs: 60_000, resetAfterMs: 120_000 };

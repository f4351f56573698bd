import { handleWhen, retry } from 'cockatiel';
import { exponentialBackoff } from '@strata/backoff';
import { StrataError } from '@strata/errors';

/** How provider calls are retried: the workspace's backoff (`@strata/backoff`), up to a deadline. */
export interface RetryOptions {
  /** Give up retrying this long after the first attempt started. */
  deadlineMs?: number;
  initialDelayMs?: number;
  maxDelayMs?: number;
}

export const DEFAULT_RETRY: Required<RetryOptions> = { deadlineMs: 300_000, initialDelayMs: 250, maxDelayMs: 15_000 };

/** True for errors the provider marked as worth another try (throttling, transient faults). */
export function isRetryable(error: unknown): boolean {
  return error instanceof StrataError && error.retryable;
}

/**
 * Runs `fn`, retrying it while it fails with a retryable `ProviderError` and the deadline
 * has not passed. This is the one retry loop drivers use; they never sleep-and-retry on their own.
 * The delays are `@strata/backoff`'s schedule (capped exponential, full jitter).
 */
export async function withRetries<T>(fn: (attempt: number) => Promise<T>, options: RetryOptions = {}, signal?: AbortSignal): Promise<T> {
  const o = { ...DEFAULT_RETRY, ...options };
  const deadline = Date.now() + o.deadlineMs;
  const policy = retry(
    handleWhen((e) => isRetryable(e) && Date.now() < deadline),
    { maxAttempts: Number.MAX_SAFE_INTEGER, backoff: exponentialBackoff({ initialMs: o.initialDelayMs, maxMs: o.maxDelayMs }) },
  );
  return policy.execute(({ attempt }) => fn(attempt), signal);
}

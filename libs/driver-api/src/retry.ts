import { handleWhen, retry, type IBackoff, type IBackoffFactory, type IRetryBackoffContext } from 'cockatiel';
import { exponentialBackoff } from '@strata/backoff';
import { ProviderError, StrataError } from '@strata/errors';

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
 * `@strata/backoff`'s schedule, but never shorter than what the failed call's provider asked
 * for (`ProviderError.retryAfterMs`, from a 429's or 503's `Retry-After`), up to the deadline.
 */
class ProviderBackoff implements IBackoff<IRetryBackoffContext<unknown>> {
  constructor(
    private readonly schedule: IBackoff<IRetryBackoffContext<unknown>> | IBackoffFactory<IRetryBackoffContext<unknown>>,
    private readonly deadline: number,
    readonly duration = 0,
  ) {}

  next(context: IRetryBackoffContext<unknown>): ProviderBackoff {
    const next = this.schedule.next(context);
    const error = 'error' in context.result ? context.result.error : undefined;
    const asked = error instanceof ProviderError ? (error.retryAfterMs ?? 0) : 0;
    const duration = Math.max(next.duration, Math.min(asked, Math.max(0, this.deadline - Date.now())));
    return new ProviderBackoff(next, this.deadline, duration);
  }
}

/**
 * Runs `fn`, retrying it while it fails with a retryable `ProviderError` and the deadline
 * has not passed. This is the one retry loop drivers use; they never sleep-and-retry on their own.
 * The delays are `@strata/backoff`'s schedule (capped exponential, full jitter), or longer
 * when the provider said how long to wait.
 */
export async function withRetries<T>(fn: (attempt: number) => Promise<T>, options: RetryOptions = {}, signal?: AbortSignal): Promise<T> {
  const o = { ...DEFAULT_RETRY, ...options };
  const deadline = Date.now() + o.deadlineMs;
  const policy = retry(
    handleWhen((e) => isRetryable(e) && Date.now() < deadline),
    {
      maxAttempts: Number.MAX_SAFE_INTEGER,
      backoff: new ProviderBackoff(exponentialBackoff({ initialMs: o.initialDelayMs, maxMs: o.maxDelayMs }), deadline),
    },
  );
  return policy.execute(({ attempt }) => fn(attempt), signal);
}

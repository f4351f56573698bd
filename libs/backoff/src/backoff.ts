import { ExponentialBackoff, fullJitterGenerator, noJitterGenerator, type IExponentialBackoffOptions } from 'cockatiel';

/**
 * The one retry schedule of Strata: the delay before retry number `attempt` (0-based) is
 * drawn at random between 0 and `min(maxMs, initialMs × 2^attempt)` ("full jitter"), so
 * that many clients failing together (an API server restart, a console redeploy) spread
 * their retries instead of coming back in lockstep.
 * https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/
 */
export interface BackoffOptions {
  /** The longest possible first delay. */
  initialMs: number;
  /** No delay is ever longer than this. */
  maxMs: number;
}

function cockatielOptions(options: BackoffOptions): IExponentialBackoffOptions<number> {
  return { generator: fullJitterGenerator, initialDelay: options.initialMs, maxDelay: options.maxMs, exponent: 2 };
}

/** A whole attempt number from 0 to 64: beyond that, every delay has long reached its cap. */
function step(attempt: number): number {
  return Math.min(64, Math.max(0, Math.floor(attempt)));
}

/** The schedule as a cockatiel backoff, for `retry(handle, { backoff })` policies. */
export function exponentialBackoff(options: BackoffOptions): ExponentialBackoff<number> {
  return new ExponentialBackoff(cockatielOptions(options));
}

/** The delay before retry number `attempt` (0 = the first retry), in milliseconds. */
export function backoffDelay(attempt: number, options: BackoffOptions): number {
  const [delay] = fullJitterGenerator(step(attempt), cockatielOptions(options));
  return delay;
}

/**
 * The ceiling of retry `attempt`'s delay, `min(maxMs, initialMs × 2^attempt)`, without the
 * jitter: for waits that must be predictable, as a sign-in lockout that a user is told about.
 */
export function backoffCeiling(attempt: number, options: BackoffOptions): number {
  const [ceiling] = noJitterGenerator(step(attempt), cockatielOptions(options));
  return ceiling;
}

/**
 * `ms` moved at random by up to ±`fraction` of itself: for periodic deadlines (a stream's
 * lifetime) that must not fall due at the same moment for every client.
 */
export function jittered(ms: number, fraction: number): number {
  return Math.round(ms * (1 - fraction + Math.random() * 2 * fraction));
}

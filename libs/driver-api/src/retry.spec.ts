import { describe, expect, it } from 'vitest';
import { ProviderError } from '@strata/errors';
import { withRetries } from './retry';

describe('withRetries', () => {
  it('waits at least as long as the provider asked (Retry-After) before the next try, even when its own schedule is shorter', async () => {
    const attempts: number[] = [];
    const result = await withRetries(
      async () => {
        attempts.push(performance.now());
        if (attempts.length === 1) throw new ProviderError('TooManyRequests', { retryable: true, retryAfterMs: 300 });
        return 'done';
      },
      { initialDelayMs: 1, maxDelayMs: 2 },
    );
    expect(result).toBe('done');
    expect(attempts).toHaveLength(2);
    expect((attempts[1] as number) - (attempts[0] as number)).toBeGreaterThanOrEqual(295);
  });

  it('keeps to its own schedule when the provider said nothing, and never waits past its deadline for a long Retry-After', async () => {
    const quick: number[] = [];
    await withRetries(
      async () => {
        quick.push(performance.now());
        if (quick.length < 3) throw new ProviderError('Throttling', { retryable: true });
      },
      { initialDelayMs: 1, maxDelayMs: 2 },
    );
    expect((quick[2] as number) - (quick[0] as number)).toBeLessThan(250);

    const started = performance.now();
    await expect(
      withRetries(
        async () => {
          throw new ProviderError('TooManyRequests', { retryable: true, retryAfterMs: 60_000 });
        },
        { initialDelayMs: 1, maxDelayMs: 2, deadlineMs: 400 },
      ),
    ).rejects.toThrow('TooManyRequests');
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});

import { setTimeout as sleep } from 'node:timers/promises';
import { ProviderError } from '@strata/errors';

/**
 * Polls `done` until it is true: waiting for AWS to finish an asynchronous change (a NAT
 * gateway deleted, an instance terminated, a load balancer's network interfaces gone).
 * Not a retry of a failed call; a timeout is a retryable `ProviderError`, so the apply's
 * one retry policy decides whether to wait longer.
 */
export async function waitUntil(what: string, done: () => Promise<boolean>, timeoutMs = 600_000, intervalMs = 500): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await done()) return;
    if (Date.now() > deadline) throw new ProviderError(`${what}: still not done after ${Math.round(timeoutMs / 1000)} s`, { retryable: true });
    await sleep(intervalMs);
  }
}

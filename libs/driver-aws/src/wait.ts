import { setTimeout as sleep } from 'node:timers/promises';
import { ProviderError } from '@strata/errors';
import { awsCode, isNotFound, providerError } from './errors';

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

/** Answers that mean "still in use by something that is going away": wait, then delete again. */
const IN_USE_CODES = new Set(['DependencyViolation', 'InvalidIPAddress.InUse', 'ResourceInUse', 'ResourceInUseException']);

/**
 * Deletes with `remove`, calling it again while AWS answers that the resource is still in
 * use: the network interfaces of a terminated instance or a deleted load balancer or NAT
 * gateway linger for minutes and hold their subnet, security group and VPC until they go.
 * A "not found" answer counts as deleted; any other failure is thrown at once.
 */
export async function deleteWhenFree(what: string, remove: () => Promise<unknown>, timeoutMs = 900_000, intervalMs = 2_000): Promise<void> {
  await waitUntil(
    `${what}: still in use`,
    async () => {
      try {
        await remove();
        return true;
      } catch (error) {
        if (isNotFound(error)) return true;
        if (IN_USE_CODES.has(awsCode(error) ?? '')) return false;
        throw providerError(what, error);
      }
    },
    timeoutMs,
    intervalMs,
  );
}

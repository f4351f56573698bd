import { setTimeout as sleep } from 'node:timers/promises';
import { ProviderError } from '@strata/errors';
import { armCode, IN_USE_CODES, isNotFound, providerError } from './errors';

/**
 * Deletes with `remove`, calling it again while ARM answers that the resource is still in
 * use (a NIC whose VM is being deleted, a subnet whose NICs are going): not a retry of a
 * failed call but a wait for Azure to finish. "Not found" counts as deleted (the resource
 * or its whole resource group is gone already); any other failure is thrown at once. A
 * timeout is a retryable `ProviderError`, so the run's one retry policy decides whether to
 * wait longer.
 */
export async function deleteWhenFree(what: string, remove: () => PromiseLike<unknown>, timeoutMs = 900_000, intervalMs = 1_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await remove();
      return;
    } catch (error) {
      if (isNotFound(error)) return;
      if (!IN_USE_CODES.has(armCode(error) ?? '')) throw providerError(what, error);
    }
    if (Date.now() > deadline) throw new ProviderError(`${what}: still in use after ${Math.round(timeoutMs / 1000)} s`, { retryable: true });
    await sleep(intervalMs);
  }
}

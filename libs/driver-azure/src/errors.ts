import { ProviderError } from '@strata/errors';

/**
 * ARM error codes worth another try: throttling, a resource busy with another operation,
 * and transient faults of the platform. Quota refusals (`QuotaExceeded`, and the 409
 * `OperationNotAllowed` quota failures arrive as) are not among them: no retry fixes them.
 * https://learn.microsoft.com/azure/azure-resource-manager/troubleshooting/common-deployment-errors
 */
export const RETRYABLE_CODES = new Set([
  'TooManyRequests',
  'SubscriptionRequestsThrottled',
  'TenantRequestsThrottled',
  'ResourceRequestsThrottled',
  'AnotherOperationInProgress',
  // A referenced resource (a NIC, a subnet) is still being written by another operation.
  'ReferencedResourceNotProvisioned',
  'OperationPreempted',
  'RetryableError',
  'RetryableErrorDueToAnotherOperation',
  'ServerBusy',
  'ServiceUnavailable',
  'InternalServerError',
  'InternalError',
  'GatewayTimeout',
  'ResourceGroupBeingDeleted',
  // Transport failures of the SDK's HTTP client.
  'REQUEST_SEND_ERROR',
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
]);

/** Codes ARM answers when what is deleted is still used by something going away (a NIC of a VM being deleted). */
export const IN_USE_CODES = new Set([
  'NicInUse',
  'InUseSubnetCannotBeDeleted',
  'InUseNetworkSecurityGroupCannotBeDeleted',
  'PublicIPAddressInUse',
  'PublicIPAddressCannotBeDeleted',
  'InUseLoadBalancerBackendAddressPoolCannotBeDeleted',
  // A deleted VM's NIC stays reserved for it for a while (180 s on Azure).
  'NicReservedForAnotherVm',
  'LoadBalancerInUseByVirtualMachine',
  'InUseLoadBalancerCannotBeDeleted',
  'CannotDeleteResource',
  'InUseVirtualNetworkCannotBeDeleted',
]);

interface SdkError {
  code?: string;
  statusCode?: number;
  message?: string;
  response?: { headers?: { get(name: string): string | undefined } };
}

/**
 * How long a throttled or busy ARM answer asked the client to wait: its `Retry-After` in
 * seconds or as an HTTP date (ARM sends seconds), in milliseconds; undefined when it said nothing.
 */
export function retryAfterMs(error: unknown, now = Date.now()): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const value = (error as SdkError).response?.headers?.get('retry-after')?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** The ARM error code of an SDK error (`ResourceNotFound`, `TooManyRequests`), or undefined. */
export function armCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  return (error as SdkError).code;
}

/** The HTTP status of an SDK error, or undefined. */
export function armStatus(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  return (error as SdkError).statusCode;
}

/** True when the error says the resource (or its resource group) does not exist. */
export function isNotFound(error: unknown): boolean {
  const code = armCode(error) ?? '';
  return armStatus(error) === 404 || /NotFound$/.test(code);
}

/**
 * An SDK failure as a `ProviderError` naming what was being done: retryable for 429, 5xx
 * and the codes of {@link RETRYABLE_CODES}, with the wait ARM asked for, not retryable
 * otherwise (invalid parameters, authorization, quotas).
 */
export function providerError(what: string, error: unknown): ProviderError {
  if (error instanceof ProviderError) return error;
  const code = armCode(error);
  const status = armStatus(error);
  const retryable = status === 429 || (status !== undefined && status >= 500) || (code !== undefined && RETRYABLE_CODES.has(code));
  const message = (error as Error | undefined)?.message ?? String(error);
  const label = code ?? (status !== undefined ? `HTTP ${status}` : 'error');
  const wait = retryable ? retryAfterMs(error) : undefined;
  return new ProviderError(`${what}: ${label}: ${message}`, { retryable, cause: error, ...(wait !== undefined ? { retryAfterMs: wait } : {}) });
}

/** Runs an SDK call, turning its failure into a `ProviderError` about `what`. */
export async function call<T>(what: string, fn: () => PromiseLike<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw providerError(what, error);
  }
}

/** Like {@link call}, but "not found" (the resource or its group is gone) gives undefined. */
export async function callOrGone<T>(what: string, fn: () => PromiseLike<T>): Promise<T | undefined> {
  try {
    return await fn();
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw providerError(what, error);
  }
}

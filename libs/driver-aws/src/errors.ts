import { ProviderError } from '@strata/errors';

/**
 * AWS error codes that mean "slow down, then try again".
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html
 * https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html
 */
export const THROTTLING_CODES = new Set([
  'RequestLimitExceeded',
  'Throttling',
  'ThrottlingException',
  'RequestThrottled',
  'RequestThrottledException',
  'TooManyRequestsException',
  'SlowDown',
  'PriorRequestNotComplete',
  'ServiceUnavailable',
  'InternalError',
  'InternalFailure',
]);

interface SdkError {
  name?: string;
  Code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

/** The AWS error code of an SDK error (`InvalidVpcID.NotFound`), or undefined. */
export function awsCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const e = error as SdkError;
  return e.Code ?? e.name;
}

/** True when the SDK error is a "not found" of some kind (the resource is already gone). */
export function isNotFound(error: unknown): boolean {
  const code = awsCode(error) ?? '';
  const status = (error as SdkError | undefined)?.$metadata?.httpStatusCode;
  return /NotFound|NoSuch|NotExist|\.Malformed$/.test(code) || code === 'InvalidGroup.NotFound' || status === 404;
}

/**
 * An SDK failure as a `ProviderError` naming what was being done: retryable for
 * throttling codes and 5xx answers, not retryable otherwise (bad parameters,
 * `UnauthorizedOperation`, quotas).
 */
export function providerError(what: string, error: unknown): ProviderError {
  if (error instanceof ProviderError) return error;
  const code = awsCode(error);
  const status = (error as SdkError | undefined)?.$metadata?.httpStatusCode;
  const retryable = (code !== undefined && THROTTLING_CODES.has(code)) || (status !== undefined && status >= 500);
  const message = (error as Error | undefined)?.message ?? String(error);
  return new ProviderError(`${what}: ${code ?? 'error'}: ${message}`, { retryable, cause: error });
}

/** Runs an SDK call, turning its failure into a `ProviderError` about `what`. */
export async function call<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw providerError(what, error);
  }
}

/** Like {@link call}, but a "not found" answer gives undefined (deletes of what is already gone). */
export async function callOrGone<T>(what: string, fn: () => Promise<T>): Promise<T | undefined> {
  try {
    return await fn();
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw providerError(what, error);
  }
}

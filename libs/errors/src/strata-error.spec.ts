import { describe, expect, it } from 'vitest';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ProviderError,
  TooManyRequestsError,
  UnauthenticatedError,
  exitCodeOf,
  formatError,
  httpStatusOf,
  withContext,
} from './strata-error';
import { errorAnswer } from './http-error';

describe('error family', () => {
  it.each([
    [new InputError('bad'), 400, 2],
    [new NotFoundError('missing'), 404, 3],
    [new ConflictError('taken'), 409, 4],
    [new NotAllowedError('nope'), 403, 5],
    [new ProviderError('cloud down', { retryable: true }), 502, 6],
    [new Error('boom'), 500, 1],
  ])('maps %s to HTTP %i and exit code %i', (error, status, code) => {
    expect(httpStatusOf(error)).toBe(status);
    expect(exitCodeOf(error)).toBe(code);
  });

  it('keeps kind, problems and retryability when adding context', () => {
    const inner = new ProviderError('throttled', { retryable: true });
    const wrapped = withContext(inner, 'creating subnet strata-a1b2-us-east-1a');
    expect(wrapped.message).toBe('creating subnet strata-a1b2-us-east-1a: throttled');
    expect(wrapped.kind).toBe('provider');
    expect(wrapped.retryable).toBe(true);
    expect(wrapped.cause).toBe(inner);
  });

  it('keeps the class and what the class carries when adding context', () => {
    const provider = withContext(new ProviderError('throttled', { retryable: true }), 'creating subnet a');
    expect(provider).toBeInstanceOf(ProviderError);
    expect(provider.name).toBe('ProviderError');
    expect(provider.stack).toContain('creating subnet a: throttled');

    const throttled = withContext(withContext(new TooManyRequestsError('slow down', 30), 'inner'), 'outer');
    expect(throttled).toBeInstanceOf(TooManyRequestsError);
    expect(throttled.retryAfterSeconds).toBe(30);
    expect(throttled.message).toBe('outer: inner: slow down');
    expect(errorAnswer(throttled).headers).toMatchObject({ 'retry-after': '30' });

    const unauthenticated = withContext(new UnauthenticatedError('no token', 'Bearer realm="strata"'), 'reading licenses');
    expect(unauthenticated).toBeInstanceOf(UnauthenticatedError);
    expect(unauthenticated.challenge).toBe('Bearer realm="strata"');

    const input = withContext(new InputError('bad', [{ path: 'spec.a', message: 'x' }]), 'reading cluster.yaml');
    expect(input).toBeInstanceOf(InputError);
    expect(input.problems).toEqual([{ path: 'spec.a', message: 'x' }]);
  });

  it('turns anything else into an internal error with the original as cause', () => {
    const inner = new Error('ECONNRESET');
    const wrapped = withContext(inner, 'reading the journal');
    expect(wrapped.kind).toBe('internal');
    expect(wrapped.message).toBe('reading the journal: ECONNRESET');
    expect(wrapped.cause).toBe(inner);
  });

  it('lists field problems one per line', () => {
    const error = new InputError('invalid Cluster document', [{ path: 'spec.workers[1].replicas', message: 'must be ≥ 0' }]);
    expect(formatError(error)).toBe('invalid Cluster document\n  spec.workers[1].replicas: must be ≥ 0');
  });
});

import { describe, expect, it } from 'vitest';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ProviderError,
  exitCodeOf,
  formatError,
  httpStatusOf,
  withContext,
} from './strata-error';

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

  it('lists field problems one per line', () => {
    const error = new InputError('invalid Cluster document', [
      { path: 'spec.workers[1].replicas', message: 'must be ≥ 0' },
    ]);
    expect(formatError(error)).toBe('invalid Cluster document\n  spec.workers[1].replicas: must be ≥ 0');
  });
});

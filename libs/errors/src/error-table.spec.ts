import { describe, expect, it } from 'vitest';
import { ERROR_TABLE } from './error-table';
import { errorAnswer, errorForStatus } from './http-error';
import {
  ConflictError,
  exitCodeOf,
  httpStatusOf,
  InputError,
  NotAllowedError,
  NotFoundError,
  ProviderError,
  TooLargeError,
  TooManyRequestsError,
  UnauthenticatedError,
  UnsupportedMediaTypeError,
} from './strata-error';

describe('ERROR_TABLE', () => {
  it.each([
    [new InputError('bad'), 400, 'input', 2, {}],
    [new UnauthenticatedError('sign in', 'Bearer realm="strata"'), 401, 'unauthenticated', 5, { 'www-authenticate': 'Bearer realm="strata"' }],
    [new UnauthenticatedError('sign in'), 401, 'unauthenticated', 5, {}],
    [new NotAllowedError('nope'), 403, 'not-allowed', 5, {}],
    [new NotFoundError('missing'), 404, 'not-found', 3, {}],
    [new ConflictError('taken'), 409, 'conflict', 4, {}],
    [new TooLargeError(4096), 413, 'too-large', 2, {}],
    [new UnsupportedMediaTypeError('send JSON'), 415, 'unsupported-media-type', 2, {}],
    [new TooManyRequestsError('slow down', 2.2), 429, 'too-many-requests', 6, { 'retry-after': '3' }],
    [new ProviderError('cloud down'), 502, 'provider', 6, {}],
    [new Error('SELECT failed'), 500, 'internal', 1, {}],
  ])('answers %s with HTTP %i, code %s, exit code %i', (error, status, code, exit, headers) => {
    const answer = errorAnswer(error);
    expect(answer.status).toBe(status);
    expect(answer.body.code).toBe(code);
    expect(answer.headers).toEqual(headers);
    expect(httpStatusOf(error)).toBe(status);
    expect(exitCodeOf(error)).toBe(exit);
  });

  it('gives every kind its own status, and its kind as its code', () => {
    const rows = Object.entries(ERROR_TABLE);
    expect(new Set(rows.map(([, row]) => row.status)).size).toBe(rows.length);
    for (const [kind, row] of rows) expect(row.code).toBe(kind);
  });

  it('names the limit of an oversize body, and the body as the field', () => {
    const { body } = errorAnswer(new TooLargeError(65536));
    expect(body.message).toContain('65536 bytes');
    expect(body.problems).toEqual([{ path: '(body)', message: 'must be at most 65536 bytes' }]);
  });

  it('asks for at least one second before a retry', () => {
    expect(errorAnswer(new TooManyRequestsError('slow down', 0)).headers).toEqual({ 'retry-after': '1' });
  });
});

describe('errorForStatus', () => {
  it.each(Object.values(ERROR_TABLE).filter((row) => row.status < 500))('turns HTTP $status back into code $code', (row) => {
    const answer = errorAnswer(errorForStatus(row.status, 'from upstream'));
    expect(answer.status).toBe(row.status);
    expect(answer.body.code).toBe(row.code);
  });

  it.each([
    [422, 400, 'input'],
    [418, 400, 'input'],
    [503, 500, 'internal'],
  ])('maps HTTP %i to %i %s', (status, answered, code) => {
    const answer = errorAnswer(errorForStatus(status, 'from upstream'));
    expect([answer.status, answer.body.code]).toEqual([answered, code]);
  });

  it('keeps the wait of a 429', () => {
    expect(errorAnswer(errorForStatus(429, 'slow down', { retryAfterSeconds: 30 })).headers).toEqual({ 'retry-after': '30' });
  });
});

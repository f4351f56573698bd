import { ApiException } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { ConflictError, InputError, NotAllowedError, NotFoundError, ProviderError, StrataError } from '@strata/errors';
import { KubernetesApiError, UNREACHABLE_MESSAGE, apiStatusOf, toStrataError } from './api-errors';

const status = (code: number, message: string, causes?: { field: string; message: string }[]) =>
  JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', code, message, ...(causes ? { details: { causes } } : {}) });

describe('toStrataError', () => {
  it.each([
    [404, 'NotFoundError', false],
    [403, 'NotAllowedError', false],
    [401, 'NotAllowedError', false],
    [409, 'ConflictError', false],
    [400, 'InputError', false],
    [422, 'InputError', false],
    [429, 'ProviderError', true],
    [500, 'ProviderError', true],
    [503, 'ProviderError', true],
    [405, 'ProviderError', false],
  ])('maps HTTP %i to %s (retryable %s)', (code, name, retryable) => {
    const error = toStrataError(new KubernetesApiError(code, status(code, 'the reason')), 'doing x');
    expect(error).toBeInstanceOf(StrataError);
    expect(error.name).toBe(name);
    expect(error.retryable).toBe(retryable);
    expect(error.message).toMatch(/^doing x: /);
  });

  it('returns the classes of the error family', () => {
    const map = (code: number) => toStrataError(new KubernetesApiError(code, status(code, 'x')), 'doing x');
    expect(map(404)).toBeInstanceOf(NotFoundError);
    expect(map(403)).toBeInstanceOf(NotAllowedError);
    expect(map(409)).toBeInstanceOf(ConflictError);
    expect(map(422)).toBeInstanceOf(InputError);
    expect(map(500)).toBeInstanceOf(ProviderError);
  });

  it('turns the causes of a 422 into field problems', () => {
    const body = status(422, 'ConfigMap "x" is invalid', [{ field: 'data[bad key]', message: 'a valid config key must consist of ...' }]);
    const error = toStrataError(new KubernetesApiError(422, body), 'saving ConfigMap x');
    expect(error.problems).toEqual([{ path: 'data[bad key]', message: 'a valid config key must consist of ...' }]);
  });

  it('maps the ApiException of typed clients the same way', () => {
    const error = toStrataError(new ApiException(404, 'Unknown API Status Code!', status(404, 'nodes "x" not found'), {}), 'cordoning Node x');
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.message).toBe('cordoning Node x: nodes "x" not found');
  });

  it('uses the given conflict message', () => {
    const error = toStrataError(new KubernetesApiError(409, status(409, 'the object has been modified')), 'saving x', { conflictMessage: 'reload it' });
    expect(error.message).toBe('saving x: reload it');
  });

  it('never repeats a body that is not a Kubernetes Status', () => {
    const error = toStrataError(new KubernetesApiError(502, '<html>secret page</html>'), 'listing pods');
    expect(error).toBeInstanceOf(ProviderError);
    expect(error.message).toBe(`listing pods: ${UNREACHABLE_MESSAGE}`);
  });

  it('treats network failures as retryable provider errors', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6443'), { code: 'ECONNREFUSED' });
    const error = toStrataError(refused, 'listing pods');
    expect(error).toBeInstanceOf(ProviderError);
    expect(error.retryable).toBe(true);
    expect(error.message).toBe(`listing pods: ${UNREACHABLE_MESSAGE}`);
  });

  it.each(['DEPTH_ZERO_SELF_SIGNED_CERT', 'ERR_SSL_WRONG_VERSION_NUMBER', 'ECONNRESET'])('gives TLS and socket failure %s the one message', (code) => {
    const error = toStrataError(Object.assign(new Error(`detail of ${code}`), { code }), 'listing pods');
    expect(error.message).toBe(`listing pods: ${UNREACHABLE_MESSAGE}`);
  });

  it('adds context to errors already in the family', () => {
    const error = toStrataError(new NotFoundError('gone'), 'reading x');
    expect(error).toBeInstanceOf(StrataError);
    expect(error.kind).toBe('not-found');
    expect(error.message).toBe('reading x: gone');
  });

  it('leaves programming errors internal', () => {
    expect(toStrataError(new TypeError('x is undefined'), 'reading x').kind).toBe('internal');
  });
});

describe('apiStatusOf', () => {
  it('is undefined for errors that are not API answers', () => {
    expect(apiStatusOf(new Error('boom'))).toBeUndefined();
  });
});

import { ApiException } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { InputError, NotAllowedError } from '@strata/errors';
import { toStrataError } from '@strata/k8s';
import { explainRoleDenial } from './role-denial';

const status = (code: number, message: string) => ({ kind: 'Status', apiVersion: 'v1', status: 'Failure', code, message });
const apiError = (code: number, body: unknown) => new ApiException(code, `HTTP-Code: ${code}`, body, {});

describe('explainRoleDenial', () => {
  it("rewords the cluster's 403 as the user's role not allowing it, keeping the Status message", () => {
    const error = toStrataError(
      apiError(403, status(403, 'pods "web" is forbidden: User "strata:vera" cannot delete resource "pods"')),
      'deleting Pod shop/web',
    );
    const shown = explainRoleDenial(error, 'viewer');
    expect(shown).toBeInstanceOf(NotAllowedError);
    expect((shown as Error).message).toBe(
      'Your role (viewer) does not allow this in the cluster: pods "web" is forbidden: User "strata:vera" cannot delete resource "pods"',
    );
    expect((shown as Error).cause).toBe(error);
  });

  it('repeats nothing of an answer that is not a Kubernetes Status', () => {
    const error = toStrataError(apiError(403, '<html>proxy says no, session=secret</html>'), 'reading Pod shop/web');
    expect((explainRoleDenial(error, 'operator') as Error).message).not.toMatch(/secret|html/);
  });

  it('cuts a long message', () => {
    const error = toStrataError(apiError(403, status(403, 'x'.repeat(2_000))), 'reading');
    expect((explainRoleDenial(error, 'operator') as Error).message.length).toBeLessThan(400);
  });

  it.each([
    ['the console refusing the role itself', new NotAllowedError('vera (role viewer) may not operate')],
    ['a 401 (the console credentials were refused)', toStrataError(apiError(401, status(401, 'Unauthorized')), 'reading')],
    ['a 422', toStrataError(apiError(422, status(422, 'spec.replicas: Invalid value')), 'scaling')],
    ['an input error', new InputError('bad', [])],
    ['something not an error', 'boom'],
  ])('leaves %s as it is', (_what, error) => {
    expect(explainRoleDenial(error, 'viewer')).toBe(error);
  });
});

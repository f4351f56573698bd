import { describe, expect, it } from 'vitest';
import { InputError } from '@strata/errors';
import { costTotal, credentialKey, credentialValues, withoutSecrets, type CredentialKind } from './catalog';

const KINDS: CredentialKind[] = [
  {
    kind: 'access-key',
    title: 'access key',
    fields: [
      { name: 'id', title: 'Key ID', secret: false },
      { name: 'secret', title: 'Secret', secret: true },
      { name: 'token', title: 'Token', secret: true, optional: true },
    ],
  },
];

describe('credentialValues', () => {
  it('returns the values of a complete credential of a known kind', () => {
    expect(credentialValues(KINDS, { kind: 'access-key', values: { id: 'AKIA1', secret: 's3cret' } })).toEqual({ id: 'AKIA1', secret: 's3cret' });
  });

  it.each([
    ['an unknown kind', { kind: 'password', values: {} }, [{ path: 'kind', message: 'must be one of access-key' }]],
    [
      'a missing required field',
      { kind: 'access-key', values: { id: 'AKIA1', secret: ' ' } },
      [{ path: 'values.secret', message: expect.stringContaining('set the Secret') }],
    ],
    [
      'a field the kind does not have',
      { kind: 'access-key', values: { id: 'a', secret: 'b', region: 'x' } },
      [{ path: 'values.region', message: expect.stringContaining('id, secret, token') }],
    ],
  ])('refuses %s with the field named', (_, credential, problems) => {
    let error: unknown;
    try {
      credentialValues(KINDS, credential);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).problems).toEqual(problems);
  });
});

describe('withoutSecrets', () => {
  it('masks the secret values and keeps the others', () => {
    const credential = { kind: 'access-key', values: { id: 'AKIAEXAMPLE', secret: 'wJalrXUtnFEMI', token: 'tok-123456' } };
    expect(withoutSecrets('AKIAEXAMPLE signed with wJalrXUtnFEMI and tok-123456', credential, KINDS)).toBe('AKIAEXAMPLE signed with *** and ***');
  });

  it('masks every value of a credential of an unknown kind', () => {
    expect(withoutSecrets('user alice pass hunter2', { kind: 'basic', values: { user: 'alice', pass: 'hunter2' } }, KINDS)).toBe('user *** pass ***');
  });
});

describe('credentialKey', () => {
  it('is the same for the same credential in any field order, different for another, and never holds a value', () => {
    const a = credentialKey({ kind: 'access-key', values: { id: 'x', secret: 'very-secret' } });
    expect(credentialKey({ kind: 'access-key', values: { secret: 'very-secret', id: 'x' } })).toBe(a);
    expect(credentialKey({ kind: 'access-key', values: { id: 'x', secret: 'other-secret' } })).not.toBe(a);
    expect(a).not.toContain('very-secret');
    expect(credentialKey(undefined)).toBe('default-chain');
  });
});

describe('costTotal', () => {
  it('sums the priced steps to the cent and lists the unpriced ones', () => {
    const total = costTotal([
      { stepId: 'a', monthlyCost: 0.1 },
      { stepId: 'b', monthlyCost: 0.2 },
      { stepId: 'c', monthlyCost: null, unpricedReason: 'usage' },
      { stepId: 'd', monthlyCost: 0 },
    ]);
    expect(total).toEqual({ monthlyTotal: 0.3, unpriced: ['c'] });
  });
});

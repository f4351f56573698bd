import { describe, expect, it } from 'vitest';
import { redact } from './redact';

describe('redact', () => {
  it.each([
    [
      'a PEM private key',
      'key:\n-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIIabc\n-----END EC PRIVATE KEY-----\nafter',
      'key:\n[redacted: private key]\nafter',
      'private key',
    ],
    ['a kubeconfig client key', '    client-key-data: LS0tLS1CRUdJTiBQUklWQVRF', '    client-key-data: [redacted]', 'secret field'],
    ['a JSON password', '{"user":"a","password":"hunter22"}', '{"user":"a","password":"[redacted]"}', 'secret field'],
    ['a --token flag', 'ran kubectl --token=abcdef123456 get pods', 'ran kubectl --token=[redacted] get pods', 'secret field'],
    ['a bearer header', 'Authorization: Bearer abcdefgh12345678', 'Authorization: Bearer [redacted]', 'bearer token'],
    ['a JSON web token', 'license eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJhY21lIn0.c2lnbmF0dXJlAAAA end', 'license [redacted: token] end', 'JSON web token'],
    ['a bootstrap token', 'joined with abcdef.0123456789abcdef', 'joined with [redacted: bootstrap token]', 'bootstrap token'],
  ])('cuts %s out and counts it', (_what, text, expected, rule) => {
    const out = redact(text);
    expect(out.text).toBe(expected);
    expect(out.hits).toEqual({ [rule]: 1 });
  });

  it('leaves text alone that only names secrets', () => {
    const text = 'secretName: etcd-certs\ntokens issued: 3\nkind: Secret\nthe token was rotated';
    expect(redact(text)).toEqual({ text, hits: {} });
  });
});

import { InputError } from '@strata/errors';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { renderKubeconfig, type KubeconfigInput } from './kubeconfig';

const input: KubeconfigInput = {
  clusterName: 'demo',
  server: 'https://api.demo.example.com:6443',
  caPem: '-----BEGIN CERTIFICATE-----\nCA\n-----END CERTIFICATE-----\n',
  user: 'kubernetes-admin',
  certPem: '-----BEGIN CERTIFICATE-----\nLEAF\n-----END CERTIFICATE-----\n',
  keyPem: '-----BEGIN PRIVATE KEY-----\nKEY\n-----END PRIVATE KEY-----\n',
};

const decode = (value: string) => Buffer.from(value, 'base64').toString('utf8');

describe('renderKubeconfig', () => {
  it('embeds the CA, certificate and key as base64 and selects the only context', () => {
    const doc = parse(renderKubeconfig(input));
    expect(doc).toMatchObject({ apiVersion: 'v1', kind: 'Config', 'current-context': 'kubernetes-admin@demo' });
    expect(doc.clusters).toEqual([{ name: 'demo', cluster: { server: input.server, 'certificate-authority-data': expect.any(String) } }]);
    expect(decode(doc.clusters[0].cluster['certificate-authority-data'])).toBe(input.caPem);
    expect(doc.users[0].name).toBe('kubernetes-admin');
    expect(decode(doc.users[0].user['client-certificate-data'])).toBe(input.certPem);
    expect(decode(doc.users[0].user['client-key-data'])).toBe(input.keyPem);
    expect(doc.contexts).toEqual([{ name: 'kubernetes-admin@demo', context: { cluster: 'demo', user: 'kubernetes-admin' } }]);
  });

  it('keeps long base64 values on one line', () => {
    const yaml = renderKubeconfig({ ...input, keyPem: 'k'.repeat(4000) });
    expect(yaml.split('\n').some((line) => line.includes('client-key-data:') && line.length > 4000)).toBe(true);
  });

  it.each<[keyof KubeconfigInput, string, RegExp]>([
    ['clusterName', '', /non-empty/],
    ['server', ' ', /non-empty/],
    ['server', 'http://api:6443', /https/],
    ['caPem', '', /non-empty/],
    ['user', '', /non-empty/],
    ['certPem', '', /non-empty/],
    ['keyPem', '', /non-empty/],
  ])('rejects %s = %j', (field, value, message) => {
    let thrown: unknown;
    try {
      renderKubeconfig({ ...input, [field]: value });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InputError);
    expect((thrown as InputError).problems).toEqual([{ path: field, message: expect.stringMatching(message) }]);
  });
});

import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { InputError } from '@strata/errors';
import { kubeconfigFixture } from '../testing/kubeconfig-fixture';
import { validateKubeconfig } from './kubeconfig';

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function variant(change: (doc: Doc) => void): string {
  const doc = parse(kubeconfigFixture().yaml) as Doc;
  change(doc);
  return stringify(doc);
}

describe('validateKubeconfig', () => {
  it('summarizes the current context and keeps only it', () => {
    const fixture = kubeconfigFixture({ server: 'https://api.demo.example:6443' });
    const summary = validateKubeconfig(fixture.yaml);
    expect(summary).toMatchObject({
      context: 'admin@demo',
      cluster: 'demo',
      user: 'admin',
      server: 'https://api.demo.example:6443',
      namespace: 'kube-system',
      auth: 'client-certificate',
    });
    const minified = parse(summary.minified) as Doc;
    expect(minified['current-context']).toBe('admin@demo');
    expect(minified['users']).toHaveLength(1);
    expect(minified['contexts']).toHaveLength(1);
    expect(summary.minified).toContain(fixture.keyData);
    expect(summary.minified).not.toContain(fixture.token);
  });

  it('accepts a token user', () => {
    expect(validateKubeconfig(variant((d) => (d['current-context'] = 'robot@demo'))).auth).toBe('token');
  });

  it.each([
    ['not YAML', 'a: [unclosed', 'kubeconfig'],
    ['a list', '- a\n- b\n', 'kubeconfig'],
    ['empty', '   ', 'kubeconfig'],
    ['no current context', variant((d) => delete d['current-context']), 'current-context'],
    ['a current context that is not listed', variant((d) => (d['current-context'] = 'nope')), 'current-context'],
    ['a context without a cluster', variant((d) => delete d['contexts'][0].context.cluster), 'contexts[0].context.cluster'],
    ['a context naming a missing cluster', variant((d) => (d['contexts'][0].context.cluster = 'gone')), 'contexts[0].context.cluster'],
    ['a context naming a missing user', variant((d) => (d['contexts'][0].context.user = 'gone')), 'contexts[0].context.user'],
    ['a cluster without a server', variant((d) => delete d['clusters'][0].cluster.server), 'clusters[0].cluster.server'],
    ['a server that is not a URL', variant((d) => (d['clusters'][0].cluster.server = 'api:6443')), 'clusters[0].cluster.server'],
    ['a CA file', variant((d) => (d['clusters'][0].cluster['certificate-authority'] = '/etc/ca.crt')), 'clusters[0].cluster.certificate-authority'],
    ['a user without credentials', variant((d) => (d['users'][0].user = {})), 'users[0].user'],
    ['a certificate without its key', variant((d) => delete d['users'][0].user['client-key-data']), 'users[0].user.client-key-data'],
    [
      'an exec plugin',
      variant((d) => (d['users'][0].user = { exec: { command: 'aws', apiVersion: 'client.authentication.k8s.io/v1' } })),
      'users[0].user.exec',
    ],
    ['a token file', variant((d) => (d['users'][0].user = { 'token-file': '/var/run/token' })), 'users[0].user.token-file'],
    ['an auth provider', variant((d) => (d['users'][0].user = { 'auth-provider': { name: 'oidc' } })), 'users[0].user.auth-provider'],
    ['a plain-HTTP server', variant((d) => (d['clusters'][0].cluster.server = 'http://127.0.0.1:8080')), 'clusters[0].cluster.server'],
    [
      'skipping TLS verification without accepting the risk',
      variant((d) => (d['clusters'][0].cluster['insecure-skip-tls-verify'] = true)),
      'clusters[0].cluster.insecure-skip-tls-verify',
    ],
    ['a key file', variant((d) => (d['users'][0].user = { 'client-certificate': '/a.crt', 'client-key': '/a.key' })), 'users[0].user.client-certificate'],
    ['another kind', variant((d) => (d['kind'] = 'Pod')), 'kind'],
  ])('refuses %s, naming %s', (_, text, path) => {
    let caught: unknown;
    try {
      validateKubeconfig(text);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InputError);
    expect((caught as InputError).problems.map((p) => p.path)).toContain(path);
  });

  it('accepts skipping TLS verification only when an admin accepts the risk', () => {
    const text = variant((d) => (d['clusters'][0].cluster['insecure-skip-tls-verify'] = true));
    expect(validateKubeconfig(text, { acceptInsecureTls: true }).insecureSkipTlsVerify).toBe(true);
    expect(validateKubeconfig(kubeconfigFixture().yaml).insecureSkipTlsVerify).toBe(false);
  });
});

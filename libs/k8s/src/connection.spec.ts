import { CoreV1Api } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { InputError } from '@strata/errors';
import { connectionFromKubeconfig } from './connection';

const kubeconfig = (user = '    token: abc', cluster = '    certificate-authority-data: AAAA') =>
  [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- name: one',
    '  cluster:',
    '    server: https://one.example:6443',
    cluster,
    '- name: two',
    '  cluster:',
    '    server: https://two.example:6443/',
    '    certificate-authority-data: AAAA',
    'users:',
    '- name: admin',
    '  user:',
    user,
    'contexts:',
    '- name: first',
    '  context: {cluster: one, user: admin}',
    '- name: second',
    '  context: {cluster: two, user: admin, namespace: apps}',
    'current-context: first',
    '',
  ].join('\n');

function inputProblems(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as InputError).problems.map((p) => p.path);
  }
  throw new Error('expected an InputError');
}

describe('connectionFromKubeconfig', () => {
  it('uses the current context of kubeconfig text', () => {
    expect(connectionFromKubeconfig(kubeconfig()).server).toBe('https://one.example:6443');
  });

  it('switches to another context', () => {
    const conn = connectionFromKubeconfig(kubeconfig(), { contextName: 'second' });
    expect(conn.server).toBe('https://two.example:6443');
    expect(conn.kubeConfig.getCurrentContext()).toBe('second');
  });

  it('points the context at another server, keeping the CA', () => {
    const conn = connectionFromKubeconfig(kubeconfig(), { server: 'https://127.0.0.1:7443' });
    expect(conn.server).toBe('https://127.0.0.1:7443');
    expect(conn.kubeConfig.getCurrentCluster()?.caData).toBe('AAAA');
    expect(conn.kubeConfig.getCluster('two')?.server).toBe('https://two.example:6443');
  });

  it('creates each API client once', () => {
    const conn = connectionFromKubeconfig(kubeconfig());
    expect(conn.core).toBe(conn.core);
    expect(conn.api(CoreV1Api)).toBe(conn.core);
    expect(conn.apps).not.toBe(conn.core);
  });

  it('names the known contexts when the wanted one is missing', () => {
    expect(() => connectionFromKubeconfig(kubeconfig(), { contextName: 'third' })).toThrow(/no context "third"/);
    expect(inputProblems(() => connectionFromKubeconfig(kubeconfig(), { contextName: 'third' }))).toEqual(['contexts']);
  });

  it.each([
    ['exec plugins', "    exec: {apiVersion: client.authentication.k8s.io/v1, command: 'sh'}", 'users[0].user.exec'],
    ['auth providers', '    auth-provider: {name: oidc}', 'users[0].user.auth-provider'],
    ['token files', '    token-file: /etc/shadow', 'users[0].user.token-file'],
    ['client certificate files', '    client-certificate: /root/cert.pem', 'users[0].user.client-certificate'],
    ['client key files', '    client-key: /root/key.pem', 'users[0].user.client-key'],
  ])('refuses %s, which would run or read on the server', (_what, user, path) => {
    expect(inputProblems(() => connectionFromKubeconfig(kubeconfig(user)))).toEqual([path]);
  });

  it('refuses CA files', () => {
    expect(inputProblems(() => connectionFromKubeconfig(kubeconfig(undefined, '    certificate-authority: /etc/ca.pem')))).toEqual([
      'clusters[0].cluster.certificate-authority',
    ]);
  });

  it('accepts local credentials when allowed', () => {
    const conn = connectionFromKubeconfig(kubeconfig("    exec: {apiVersion: client.authentication.k8s.io/v1, command: 'true'}"), {
      allowLocalCredentials: true,
    });
    expect(conn.kubeConfig.getCurrentUser()?.exec).toBeDefined();
  });

  it.each([
    ['not YAML', 'clusters: [', []],
    ['not a mapping', '- a\n- b', ['']],
    ['empty lists', 'apiVersion: v1\nkind: Config\nclusters: []\nusers: []\ncontexts: []', ['clusters', 'users', 'contexts']],
    ['a dangling current context', kubeconfig().replace('current-context: first', 'current-context: nope'), ['current-context']],
  ])('rejects %s', (_what, text, paths) => {
    expect(inputProblems(() => connectionFromKubeconfig(text))).toEqual(paths);
  });

  it('rejects a server that is not an http(s) URL', () => {
    expect(inputProblems(() => connectionFromKubeconfig(kubeconfig(), { server: 'ftp://x' }))).toEqual(['server']);
  });
});

describe('ClusterConnection.impersonating', () => {
  const who = { user: 'strata:otto', group: 'strata:operators' };
  const headersOf = async (conn: ReturnType<typeof connectionFromKubeconfig>) => {
    const options: { headers?: Record<string, string> } = {};
    await conn.kubeConfig.applyToHTTPSOptions(options);
    return options.headers ?? {};
  };

  it('adds the impersonation headers to the credentials, leaving the original connection as it was', async () => {
    const plain = connectionFromKubeconfig(kubeconfig());
    const acting = plain.impersonating(who);
    expect(await headersOf(acting)).toMatchObject({ Authorization: 'Bearer abc', 'Impersonate-User': 'strata:otto', 'Impersonate-Group': 'strata:operators' });
    expect(acting.impersonation).toEqual(who);
    expect(acting.server).toBe(plain.server);
    expect(await headersOf(plain)).not.toHaveProperty('Impersonate-User');
    expect(plain.impersonation).toBeUndefined();
  });

  it('wins over an `as:` in the kubeconfig, and impersonating again replaces the user', async () => {
    const conn = connectionFromKubeconfig(kubeconfig('    token: abc\n    as: intruder'));
    expect(await headersOf(conn)).toMatchObject({ 'Impersonate-User': 'intruder' });
    expect(await headersOf(conn.impersonating(who))).toMatchObject({ 'Impersonate-User': 'strata:otto' });
    const again = conn.impersonating(who).impersonating({ user: 'strata:vera', group: 'strata:viewers' });
    expect(await headersOf(again)).toMatchObject({ 'Impersonate-User': 'strata:vera', 'Impersonate-Group': 'strata:viewers' });
  });
});

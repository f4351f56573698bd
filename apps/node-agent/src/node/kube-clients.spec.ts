import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { InputError } from '@strata/errors';
import { kubeClients } from './kube-clients';

const KUBECONFIG = '/etc/kubernetes/auth/node.kubeconfig';

function rootWithKubeconfig(server: string): string {
  const root = mkdtempSync(join(tmpdir(), 'node-agent-kc-'));
  mkdirSync(join(root, 'etc/kubernetes/auth'), { recursive: true });
  writeFileSync(
    join(root, KUBECONFIG),
    [
      'apiVersion: v1',
      'kind: Config',
      `clusters: [{name: c, cluster: {server: "${server}", insecure-skip-tls-verify: true}}]`,
      'users: [{name: u, user: {token: t}}]',
      'contexts: [{name: x, context: {cluster: c, user: u}}]',
      'current-context: x',
      '',
    ].join('\n'),
  );
  return root;
}

describe('kubeClients', () => {
  let root: string | undefined;
  let server: Server | undefined;
  const sockets: Socket[] = [];
  afterEach(async () => {
    for (const s of sockets.splice(0)) s.destroy();
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
    server = undefined;
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('uses the server override instead of the kubeconfig server', () => {
    root = rootWithKubeconfig('https://127.1.0.1:6443');
    expect(kubeClients(root, KUBECONFIG).server).toBe('https://127.1.0.1:6443');
    expect(kubeClients(root, KUBECONFIG, { server: 'https://127.1.0.2:6443' }).server).toBe('https://127.1.0.2:6443');
  });

  it('gives up on an apiserver that accepts the connection but never answers', async () => {
    // A hung apiserver: the TCP connection opens, nothing ever comes back.
    server = createServer((s) => sockets.push(s));
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    root = rootWithKubeconfig(`https://127.0.0.1:${port}`);
    const { core } = kubeClients(root, KUBECONFIG, { timeoutMs: 300 });
    const started = Date.now();
    await expect(core.readNode({ name: 'n' })).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('names the file when the kubeconfig is missing', () => {
    root = mkdtempSync(join(tmpdir(), 'node-agent-kc-'));
    expect(() => kubeClients(root!, KUBECONFIG)).toThrow(InputError);
    expect(() => kubeClients(root!, KUBECONFIG)).toThrow(/node\.kubeconfig cannot be read/);
  });
});

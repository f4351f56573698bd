import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { binaryPath, pinnedVersions, WORKSPACE_ROOT } from '@strata/toolchain';
import { startControlPlane, withControlPlane, type TestControlPlane } from './control-plane';
import { httpsGet } from './https-get';
import { isAlive, sweepRecordedProcesses } from './process-registry';

describe('control-plane harness (pinned etcd + kube-apiserver)', () => {
  let cp: TestControlPlane;

  beforeAll(async () => {
    cp = await startControlPlane();
  });

  afterAll(async () => {
    await cp?.stop();
  });

  it('serves the pinned Kubernetes version on /version', () => {
    const out = execFileSync(binaryPath('kubectl'), ['--kubeconfig', cp.kubeconfigPath, 'version', '-o', 'json']);
    const version = JSON.parse(out.toString()) as { serverVersion: { gitVersion: string } };
    expect(version.serverVersion.gitVersion).toBe(pinnedVersions().kubernetes);
  });

  it('lists namespaces through @kubernetes/client-node', async () => {
    const kc = new KubeConfig();
    kc.loadFromFile(cp.kubeconfigPath);
    const list = await kc.makeApiClient(CoreV1Api).listNamespace();
    const names = list.items.map((ns) => ns.metadata?.name);
    expect(names).toEqual(expect.arrayContaining(['default', 'kube-system', 'kube-public']));
  });

  it('lists namespaces through kubectl', () => {
    const out = execFileSync(binaryPath('kubectl'), ['--kubeconfig', cp.kubeconfigPath, 'get', 'namespaces', '-o', 'name']);
    expect(out.toString().split('\n')).toEqual(expect.arrayContaining(['namespace/default', 'namespace/kube-system']));
  });

  it('refuses a client without a certificate (TLS and authentication are on)', async () => {
    const res = await httpsGet(`${cp.apiServerUrl}/api/v1/namespaces`, { ca: cp.tls.caCert });
    expect(res.status).toBe(403);
    expect(res.body).toContain('system:anonymous');
  });
});

describe('control-plane clean-up', () => {
  it('stops etcd and kube-apiserver when the test body throws', async () => {
    let pids: number[] = [];
    await expect(
      withControlPlane(async (cp) => {
        pids = [cp.processes.etcd.pid, cp.processes.apiServer.pid];
        throw new Error('test failure inside the harness');
      }),
    ).rejects.toThrow('test failure inside the harness');
    expect(pids).toHaveLength(2);
    for (const pid of pids) expect(isAlive(pid)).toBe(false);
  });

  it('sweeps the processes of a test worker that was killed with SIGKILL', async () => {
    const registry = mkdtempSync(join(tmpdir(), 'strata-registry-'));
    const env = { ...process.env, STRATA_TESTKIT_REGISTRY: registry };
    const script = join(WORKSPACE_ROOT, 'libs/testkit/test/start-and-hang.ts');
    const child = spawn(join(WORKSPACE_ROOT, 'node_modules/.bin/node'), ['--import', 'tsx', script], {
      env,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const pids = await new Promise<number[]>((resolvePids, reject) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const line = out.split('\n').find((l) => l.startsWith('PIDS '));
        if (line) resolvePids(line.slice(5).split(',').map(Number));
      });
      child.once('exit', (code) => reject(new Error(`start-and-hang exited early with ${code}`)));
    });
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    // The worker died without cleaning up: its children are orphans until swept.
    expect(pids.every(isAlive)).toBe(true);
    const previous = process.env['STRATA_TESTKIT_REGISTRY'];
    process.env['STRATA_TESTKIT_REGISTRY'] = registry;
    try {
      expect(sweepRecordedProcesses()).toHaveLength(2);
    } finally {
      if (previous === undefined) delete process.env['STRATA_TESTKIT_REGISTRY'];
      else process.env['STRATA_TESTKIT_REGISTRY'] = previous;
    }
    await vi.waitFor(() => expect(pids.filter(isAlive)).toEqual([]), { timeout: 5_000, interval: 50 });
    rmSync(registry, { recursive: true, force: true });
  });
});

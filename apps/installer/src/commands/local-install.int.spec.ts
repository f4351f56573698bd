import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../testing/run-cli';
import { eventually, kubectl, nodeReady, pods, writeLocalCluster } from '../testing/local-cluster';

// The installer loads the local driver lazily (see @strata/install-engine, drivers.ts); so does this spec.
const { processesWith } = await import('@strata/driver-local');

const work = mkdtempSync(join(tmpdir(), 'strata-install-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('strata install on the local provider: 1 control plane + 2 workers', () => {
  const dir = join(work, 'demo');
  let doc: string;
  let kubeconfig: string;

  beforeAll(() => {
    doc = writeLocalCluster(work, { name: 'demo', controlPlane: 1, workers: 2 });
  });

  afterAll(() => {
    runCli(['destroy', '--dir', dir]);
  });

  it('installs a cluster whose 3 nodes kubectl sees Ready', () => {
    const res = runCli(['install', '-f', doc, '--dir', dir], { timeoutMs: 400_000 });
    expect(res.code, res.stderr + res.stdout).toBe(0);
    expect(res.stdout).toContain('3 nodes Ready');
    kubeconfig = join(dir, 'auth/kubeconfig');
    expect(runCli(['kubeconfig', '--dir', dir]).stdout.trim()).toBe(kubeconfig);
    const nodes = kubectl(kubeconfig, ['get', 'nodes', '--no-headers']).trim().split('\n');
    expect(nodes).toHaveLength(3);
    for (const line of nodes) expect(line).toMatch(/\sReady\s/);
    expect(readFileSync(join(dir, 'install.log'), 'utf8')).toContain('install of cluster demo complete');
  });

  it('reports a healthy cluster with status --output json', () => {
    const res = runCli(['status', '--dir', dir, '--output', 'json']);
    expect(res.code, res.stderr).toBe(0);
    const status = JSON.parse(res.stdout) as { healthy: boolean; machines: unknown[]; nodes: { providerID: string; osImage: string }[] };
    expect(status.healthy).toBe(true);
    expect(status.machines).toHaveLength(3);
    expect(status.nodes.map((n) => n.providerID).sort()).toEqual(['local://demo/demo-cp-0', 'local://demo/demo-default-0', 'local://demo/demo-default-1']);
    expect(status.nodes[0]?.osImage).toMatch(/^Strata Container Linux .*\(stable\)$/);
  });

  it('does nothing when installing into the directory of the running, healthy cluster', () => {
    const before = readFileSync(join(dir, 'state/journal.jsonl'), 'utf8');
    const res = runCli(['install', '-f', doc, '--dir', dir]);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('already installed and healthy');
    expect(readFileSync(join(dir, 'state/journal.jsonl'), 'utf8')).toBe(before);
  });

  it('runs the add-ons on every node: kube-proxy and flannel everywhere, CoreDNS on the document DNS address', () => {
    const res = runCli(['status', '--dir', dir, '--output', 'json']);
    const status = JSON.parse(res.stdout) as { addons: { name: string; version: string; desired: number; ready: number; state: string }[] };
    expect(status.addons).toEqual([
      { name: 'kube-proxy', version: 'v1.37.2', desired: 3, ready: 3, state: 'ready' },
      { name: 'flannel', version: 'v0.27.4', desired: 3, ready: 3, state: 'ready' },
      { name: 'coredns', version: 'v1.14.6', desired: 2, ready: 2, state: 'ready' },
    ]);
    expect(kubectl(kubeconfig, ['get', 'service', 'kube-dns', '-n', 'kube-system', '-o', 'jsonpath={.spec.clusterIP}'])).toBe('172.30.0.10');
    const managers = kubectl(kubeconfig, [
      'get',
      'daemonset',
      'kube-proxy',
      '-n',
      'kube-system',
      '--show-managed-fields',
      '-o',
      'jsonpath={.metadata.managedFields[*].manager}',
    ]);
    expect(managers.split(' ')).toContain('strata-installer');
    const text = runCli(['status', '--dir', dir]).stdout;
    expect(text).toMatch(/coredns\s+v1\.14\.6\s+2\/2\s+ready/);
  });

  it('marks the cluster degraded when an add-on is gone, and install brings it back', async () => {
    kubectl(kubeconfig, ['delete', 'deployment', 'coredns', '-n', 'kube-system', '--wait=true']);
    const degraded = runCli(['status', '--dir', dir]);
    expect(degraded.code).toBe(1);
    expect(degraded.stdout).toContain('degraded (coredns missing)');
    expect(degraded.stdout).toContain('not healthy: coredns missing: Deployment kube-system/coredns is missing');
    const res = runCli(['install', '-f', doc, '--dir', dir], { timeoutMs: 300_000 });
    expect(res.code, res.stderr + res.stdout).toBe(0);
    const status = JSON.parse(runCli(['status', '--dir', dir, '--output', 'json']).stdout) as { healthy: boolean; addons: { name: string; ready: number }[] };
    expect(status.healthy).toBe(true);
    expect(status.addons.find((a) => a.name === 'coredns')?.ready).toBe(2);
  });

  it('runs 4 replicas of a deployment spread over the workers, and drain moves them to the other worker', async () => {
    kubectl(kubeconfig, ['create', 'deployment', 'web', '--image=registry.k8s.io/pause:3.10', '--replicas=4']);
    const running = await eventually('4 running pods', () => {
      const list = pods(kubeconfig, 'app=web');
      return list.length === 4 && list.every((p) => p.phase === 'Running') ? list : undefined;
    });
    const nodes = new Set(running.map((p) => p.node));
    expect([...nodes].sort()).toEqual(['demo-default-0', 'demo-default-1']);

    kubectl(kubeconfig, ['drain', 'demo-default-0', '--ignore-daemonsets', '--delete-emptydir-data', '--timeout=120s']);
    const moved = await eventually('4 running pods on demo-default-1', () => {
      const list = pods(kubeconfig, 'app=web');
      return list.length === 4 && list.every((p) => p.phase === 'Running' && p.node === 'demo-default-1') ? list : undefined;
    });
    expect(moved).toHaveLength(4);
    kubectl(kubeconfig, ['uncordon', 'demo-default-0']);
  });

  it('marks a worker NotReady when its node-agent dies, and Ready again once install restarts it', async () => {
    const machineDir = join(work, 'state/demo/machines/demo-default-1');
    const pid = Number(readFileSync(join(machineDir, 'agent.pid'), 'utf8'));
    // The whole machine (its supervisor's process group): a lone agent would be restarted by it.
    process.kill(-pid, 'SIGKILL');
    await eventually('demo-default-1 NotReady', () => nodeReady(kubeconfig, 'demo-default-1') !== 'True', 120_000, 1_000);
    const res = runCli(['install', '-f', doc, '--dir', dir], { timeoutMs: 300_000 });
    expect(res.code, res.stderr).toBe(0);
    await eventually('demo-default-1 Ready', () => nodeReady(kubeconfig, 'demo-default-1') === 'True', 120_000, 1_000);
    // The node controller's grace period, then a whole install: its own waits bound it, not the default test timeout.
  }, 540_000);

  it('destroys every process and machine directory, and a second destroy succeeds', () => {
    expect(runCli(['destroy', '--dir', dir]).code).toBe(0);
    expect(processesWith(join(work, 'state/demo/'))).toEqual([]);
    expect(existsSync(join(work, 'state/demo'))).toBe(false);
    expect(runCli(['destroy', '--dir', dir]).code).toBe(0);
  });
});

describe('strata install input checks', () => {
  it('exits 2 on an invalid document and starts nothing', () => {
    const bad = join(work, 'bad.yaml');
    execFileSync('sh', [
      '-c',
      `printf 'apiVersion: strata.dev/v1alpha1\\nkind: Cluster\\nmetadata: {name: bad}\\nspec:\\n  platform: {local: {stateDir: ${work}/bad-state}}\\n  controlPlane: {replicas: 2}\\n' > ${bad}`,
    ]);
    const res = runCli(['install', '-f', bad, '--dir', join(work, 'bad')]);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('spec.controlPlane.replicas');
    expect(existsSync(join(work, 'bad'))).toBe(false);
    expect(existsSync(join(work, 'bad-state'))).toBe(false);
  });
});

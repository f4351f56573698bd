import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CoordinationV1Api, CoreV1Api, KubeConfig, type V1Node } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { waitForOk } from '@strata/testkit';
import { ProcessGroup, type ManagedProcess } from '@strata/toolchain';
import { readNodeAgentStatus } from './status/run-files';
import type { NodeAgentStatus } from './status/agent-status';
import { spawnNodeAgent } from './testing/agent-process';
import { localCluster, localMachines, type LocalMachines } from './testing/local-cluster';

function tail(file: string, lines = 25): string {
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n') : `(no ${file})`;
}

function statusOf(root: string): NodeAgentStatus | undefined {
  try {
    return readNodeAgentStatus(root);
  } catch {
    return undefined;
  }
}

function ready(node: V1Node | undefined) {
  return node?.status?.conditions?.find((c) => c.type === 'Ready');
}

describe('node agent on a rendered local cluster (real etcd, kube-apiserver, controller manager, scheduler)', () => {
  const group = new ProcessGroup();
  let machines: LocalMachines;
  let cpRoot: string;
  let workerRoot: string;
  let cpAgent: ManagedProcess;
  let workerAgent: ManagedProcess | undefined;
  let core: CoreV1Api;
  let coordination: CoordinationV1Api;
  const logs = (name: string) => join(machines.dir, `${name}.log`);
  const describeCp = () => `agent log:\n${tail(logs('cp-agent'))}\nkube-apiserver log:\n${tail(join(cpRoot, 'var/log/pods/kube-apiserver.log'), 10)}`;

  beforeAll(async () => {
    machines = await localMachines(localCluster({ name: 'na', workers: 1 }));
    const cp = machines.controlPlane[0]!;
    const api = machines.assets.topology.apiEndpoint;
    cpRoot = machines.roots.get(cp.name)!;
    workerRoot = machines.roots.get(machines.workers[0]!.name)!;

    // The cluster's API endpoint: the load balancer in front of the one control-plane apiserver.
    await spawnNodeAgent(
      group,
      'load-balancer',
      ['load-balancer', '--listen', `${api.address}:${api.port}`, '--backend', `${cp.address}:${api.port}`],
      logs('lb'),
    );
    cpAgent = await spawnNodeAgent(group, 'cp-agent', ['run', '--root', cpRoot, '--log-level', 'debug'], logs('cp-agent'));

    const tls = { ca: join(machines.assetDir, 'pki/ca.crt'), cert: join(machines.assetDir, 'pki/admin.crt'), key: join(machines.assetDir, 'pki/admin.key') };
    await waitForOk(`https://${cp.address}:${api.port}/readyz`, tls, { timeoutMs: 90_000, alive: () => cpAgent.running(), describe: describeCp });

    const kc = new KubeConfig();
    kc.loadFromFile(join(machines.assetDir, 'auth/admin.kubeconfig'));
    core = kc.makeApiClient(CoreV1Api);
    coordination = kc.makeApiClient(CoordinationV1Api);
  });

  afterAll(async () => {
    // The control-plane agent alone gets SIGTERM first, so it stops its static pods in order; the group stop is the safety net.
    if (cpAgent?.running()) {
      process.kill(cpAgent.pid, 'SIGTERM');
      await Promise.race([cpAgent.exited, sleep(30_000)]);
    }
    await group.stopAll(5_000);
    if (machines) rmSync(machines.dir, { recursive: true, force: true });
  });

  it('runs all four static pods from the rendered manifests and writes its pid and status files', async () => {
    const status = await vi.waitFor(
      () => {
        const s = statusOf(cpRoot);
        expect(
          s?.staticPods.map((p) => p.state),
          describeCp(),
        ).toEqual(['running', 'running', 'running', 'running']);
        return s!;
      },
      { timeout: 60_000, interval: 250 },
    );
    expect(status.staticPods.map((p) => p.name)).toEqual(['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler']);
    for (const pod of status.staticPods) {
      expect(pod.pid, pod.name).toBeGreaterThan(0);
      expect(() => process.kill(pod.pid!, 0), pod.name).not.toThrow();
      expect(existsSync(pod.log), pod.name).toBe(true);
    }
    expect(status.staticPods.find((p) => p.name === 'etcd')?.command).toMatch(/\/etcd$/);
    expect(readFileSync(join(cpRoot, 'run/node-agent.pid'), 'utf8').trim()).toBe(String(cpAgent.pid));
    expect(status.pid).toBe(cpAgent.pid);
  });

  it('registers the control-plane Node through its own apiserver and keeps it Ready', async () => {
    const cp = machines.controlPlane[0]!;
    const node = await vi.waitFor(
      async () => {
        const n = await core.readNode({ name: cp.name });
        expect(ready(n)?.status, describeCp()).toBe('True');
        return n;
      },
      { timeout: 60_000, interval: 250 },
    );
    expect(node.spec?.providerID).toBe(`local://na/${cp.name}`);
    expect(node.spec?.taints).toEqual(expect.arrayContaining([{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }]));
    expect(node.status?.addresses).toEqual([
      { type: 'InternalIP', address: cp.address },
      { type: 'Hostname', address: cp.name },
    ]);
    expect(node.status?.nodeInfo).toMatchObject({
      osImage: 'Strata Container Linux 4230.2.0 (stable)',
      kubeletVersion: 'v1.37.2',
      containerRuntimeVersion: 'strata-node-agent://0.1.0',
      operatingSystem: 'linux',
      architecture: 'amd64',
    });
    expect(node.status?.capacity).toMatchObject({ cpu: '4', memory: '16Gi', pods: '110' });
    expect(node.status?.daemonEndpoints?.kubeletEndpoint?.Port).toBe(10250);
    expect(ready(node)?.reason).toBe('KubeletReady');
    expect(node.status?.conditions?.find((c) => c.type === 'StaticPodsHealthy')?.status).toBe('True');
    expect(node.metadata?.labels).toMatchObject({ 'kubernetes.io/hostname': cp.name, 'kubernetes.io/os': 'linux', 'strata.dev/pool': 'control-plane' });
    // NodeRestriction: a node may not give itself a role; the driver labels it with admin credentials.
    expect(Object.keys(node.metadata?.labels ?? {})).not.toContain('node-role.kubernetes.io/control-plane');

    const lease = await vi.waitFor(() => coordination.readNamespacedLease({ name: cp.name, namespace: 'kube-node-lease' }), { timeout: 30_000, interval: 250 });
    expect(lease.spec?.holderIdentity).toBe(cp.name);
    expect(lease.spec?.leaseDurationSeconds).toBe(40);

    const healthz = await fetch(`http://${cp.address}:10248/healthz`);
    expect(healthz.status).toBe(200);
    expect(await healthz.json()).toMatchObject({ status: 'ok', registration: 'registered', staticPods: { 'kube-apiserver': 'running' } });
  });

  it('registers a worker through the load balancer, Ready with its pool labels', async () => {
    const worker = machines.workers[0]!;
    workerAgent = await spawnNodeAgent(group, 'worker-agent', ['run', '--root', workerRoot], logs('worker-agent'));
    const node = await vi.waitFor(
      async () => {
        const n = await core.readNode({ name: worker.name });
        expect(ready(n)?.status, tail(logs('worker-agent'))).toBe('True');
        return n;
      },
      { timeout: 30_000, interval: 250 },
    );
    expect(node.spec?.providerID).toBe(`local://na/${worker.name}`);
    expect(node.metadata?.labels).toMatchObject({ 'strata.dev/pool': 'default', tier: 'web', 'node.kubernetes.io/instance-type': 'local-small' });
    expect(node.status?.capacity).toMatchObject({ cpu: '2', memory: '8Gi' });
    // The status file follows within moments of the API.
    const status = await vi.waitFor(
      () => {
        const s = statusOf(workerRoot);
        expect(s?.registration.state).toBe('registered');
        return s!;
      },
      { timeout: 5_000, interval: 250 },
    );
    expect(status.registration).toMatchObject({ server: machines.assets.topology.apiEndpoint.url, ready: true, lastError: null });
    expect(status.healthy).toBe(true);
    expect(status.staticPods).toEqual([]);
  });

  it('restarts a static pod killed with SIGKILL and counts the restart', async () => {
    const before = statusOf(cpRoot)!.staticPods.find((p) => p.name === 'kube-scheduler')!;
    expect(before.state).toBe('running');
    process.kill(before.pid!, 'SIGKILL');
    const after = await vi.waitFor(
      () => {
        const pod = statusOf(cpRoot)?.staticPods.find((p) => p.name === 'kube-scheduler');
        expect(pod?.restarts, describeCp()).toBeGreaterThan(before.restarts);
        expect(pod?.pid, describeCp()).toEqual(expect.any(Number));
        expect(pod?.pid).not.toBe(before.pid);
        return pod!;
      },
      { timeout: 20_000, interval: 250 },
    );
    expect(after.restarts).toBe(before.restarts + 1);
    expect(after.lastExit).toMatchObject({ signal: 'SIGKILL' });
    expect(() => process.kill(after.pid!, 0)).not.toThrow();
  });

  it('reports its Node Ready=False (NodeAgentStopped) at once when stopped with SIGTERM, and exits 0', async () => {
    const worker = machines.workers[0]!;
    expect(workerAgent?.running()).toBe(true);
    process.kill(workerAgent!.pid, 'SIGTERM');
    expect(await workerAgent!.exited).toBe(0);
    const node = await core.readNode({ name: worker.name });
    expect(ready(node)).toMatchObject({ status: 'False', reason: 'NodeAgentStopped' });
    expect(existsSync(join(workerRoot, 'run/node-agent.pid'))).toBe(false);
    expect(statusOf(workerRoot)).toMatchObject({ state: 'stopped', registration: { state: 'stopped', ready: false } });
  });
});

import { PolicyV1Api, type V1Pod } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { InputError, NotFoundError } from '@strata/errors';
import { installLocalCluster, type TestLocalCluster } from '@strata/testkit';
import { pinnedVersions } from '@strata/toolchain';
import type { ClusterConnection } from '../connection';
import { clusterOverview } from '../overview/cluster-overview';
import { RESOURCES } from '../resources';
import { adminConnection } from '../testing/control-plane-connection';
import { cordon, uncordon } from './cordon';
import { drain } from './drain';
import { RESTARTED_AT_ANNOTATION, rolloutRestart } from './rollout-restart';
import { scale } from './scale';

/*
 * One real local cluster (etcd, kube-apiserver, controller-manager, scheduler; pods on the
 * two workers run through KWOK) is shared by every test in this file; the tests build on
 * each other in order, as an operator's session would.
 */
let cluster: TestLocalCluster;
let conn: ClusterConnection;
let workers: string[];
const ns = 'apps';
const wait = { timeout: 90_000, interval: 500 };
const image = 'registry.k8s.io/pause:3.10';

beforeAll(async () => {
  cluster = installLocalCluster({ workers: 2 });
  conn = adminConnection(cluster.kubeconfigPath);
  const nodes = await conn.core.listNode({ labelSelector: 'node-role.kubernetes.io/worker' });
  workers = nodes.items.map((n) => n.metadata?.name ?? '').sort();
  expect(workers).toHaveLength(2);
  await conn.core.createNamespace({ body: { metadata: { name: ns } } });
}, 600_000);

afterAll(() => {
  cluster?.destroy();
});

const running = (pod: V1Pod) => pod.status?.phase === 'Running' && !pod.metadata?.deletionTimestamp;

async function allPods(app: string): Promise<V1Pod[]> {
  return (await conn.core.listNamespacedPod({ namespace: ns, labelSelector: `app=${app}` })).items;
}

async function runningPods(app: string): Promise<V1Pod[]> {
  return (await allPods(app)).filter(running);
}

async function createDeployment(name: string, replicas: number): Promise<void> {
  await conn.apps.createNamespacedDeployment({
    namespace: ns,
    body: {
      metadata: { name },
      spec: {
        replicas,
        selector: { matchLabels: { app: name } },
        template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'main', image }] } },
      },
    },
  });
}

describe('scale', () => {
  it('scales a deployment from 4 to 5 running pods', async () => {
    await createDeployment('web', 4);
    await vi.waitFor(async () => expect(await runningPods('web')).toHaveLength(4), wait);

    const result = await scale(conn, RESOURCES.deployments, ns, 'web', 5);
    expect(result.replicas).toBe(5);
    expect(result.selector).toBe('app=web');
    await vi.waitFor(async () => expect(await runningPods('web')).toHaveLength(5), wait);
  });

  it.each([-1, 1.5])('rejects %s replicas', async (replicas) => {
    await expect(scale(conn, RESOURCES.deployments, ns, 'web', replicas)).rejects.toBeInstanceOf(InputError);
  });

  it('rejects kinds without a scale subresource', async () => {
    await expect(scale(conn, RESOURCES.daemonsets, ns, 'web', 1)).rejects.toBeInstanceOf(InputError);
  });

  it('reports a missing deployment as NotFoundError', async () => {
    await expect(scale(conn, RESOURCES.deployments, ns, 'nope', 1)).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('rolloutRestart', () => {
  it('replaces every pod of a deployment', async () => {
    const before = new Set((await runningPods('web')).map((p) => p.metadata?.uid));
    const updated = await rolloutRestart(conn, RESOURCES.deployments, ns, 'web');
    const annotations = (updated as { spec?: { template?: { metadata?: { annotations?: Record<string, string> } } } }).spec?.template?.metadata?.annotations;
    expect(Date.parse(annotations?.[RESTARTED_AT_ANNOTATION] ?? '')).toBeGreaterThan(Date.now() - 60_000);

    await vi.waitFor(async () => {
      const pods = await allPods('web');
      expect(pods.filter(running)).toHaveLength(5);
      // Old pods gone, not merely terminating.
      expect(pods.filter((p) => before.has(p.metadata?.uid))).toEqual([]);
    }, wait);
  });

  it('rejects kinds without a pod template', async () => {
    await expect(rolloutRestart(conn, RESOURCES.configmaps, ns, 'x')).rejects.toBeInstanceOf(InputError);
  });
});

describe('cordon and uncordon', () => {
  it('marks a worker unschedulable and back', async () => {
    const worker = workers[0] ?? '';
    expect((await cordon(conn, worker)).spec?.unschedulable).toBe(true);
    expect((await conn.core.readNode({ name: worker })).spec?.unschedulable).toBe(true);
    expect((await uncordon(conn, worker)).spec?.unschedulable).toBeFalsy();
    expect((await conn.core.readNode({ name: worker })).spec?.unschedulable).toBeFalsy();
  });

  it('reports a missing node as NotFoundError', async () => {
    await expect(cordon(conn, 'no-such-node')).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('drain', () => {
  it("evicts a worker's pods, which come back on the other worker, leaving DaemonSet pods", async () => {
    const [source = '', target = ''] = workers;
    await conn.apps.createNamespacedDaemonSet({
      namespace: ns,
      body: {
        metadata: { name: 'agent' },
        spec: {
          selector: { matchLabels: { app: 'agent' } },
          template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'main', image }] } },
        },
      },
    });
    await vi.waitFor(async () => expect(await runningPods('agent')).toHaveLength(2), wait);
    const onSource = (await allPods('web')).filter((p) => p.spec?.nodeName === source).map((p) => `${ns}/${p.metadata?.name}`);
    expect(onSource.length).toBeGreaterThan(0);

    const result = await drain(conn, source, { timeoutMs: 90_000, ignoreDaemonSets: true, deleteEmptyDirData: true });
    expect(result.blocked).toEqual([]);
    expect(result.done).toBe(true);
    // The cluster's own CoreDNS replicas may share the worker; they are evicted as well.
    expect(result.evicted.filter((p) => p.startsWith(`${ns}/`)).sort()).toEqual(onSource.sort());
    expect((await conn.core.readNode({ name: source })).spec?.unschedulable).toBe(true);

    await vi.waitFor(async () => {
      const pods = await runningPods('web');
      expect(pods).toHaveLength(5);
      expect(pods.every((p) => p.spec?.nodeName === target)).toBe(true);
    }, wait);
    const agents = await runningPods('agent');
    expect(agents.map((p) => p.spec?.nodeName).sort()).toEqual([source, target]);
    await uncordon(conn, source);
  });

  it("reports pods a PodDisruptionBudget protects as blocked, with the budget's reason", async () => {
    await createDeployment('guarded', 2);
    await conn.api(PolicyV1Api).createNamespacedPodDisruptionBudget({
      namespace: ns,
      body: { metadata: { name: 'guarded' }, spec: { minAvailable: 2, selector: { matchLabels: { app: 'guarded' } } } },
    });
    await vi.waitFor(async () => expect(await runningPods('guarded')).toHaveLength(2), wait);
    await vi.waitFor(async () => {
      const pdb = await conn.api(PolicyV1Api).readNamespacedPodDisruptionBudget({ namespace: ns, name: 'guarded' });
      expect(pdb.status).toMatchObject({ currentHealthy: 2, desiredHealthy: 2, disruptionsAllowed: 0 });
    }, wait);
    const guarded = await runningPods('guarded');
    const node = guarded[0]?.spec?.nodeName ?? '';
    const protectedHere = guarded.filter((p) => p.spec?.nodeName === node).map((p) => `${ns}/${p.metadata?.name}`);

    const result = await drain(conn, node, { timeoutMs: 6_000, retryIntervalMs: 1_000 });
    expect(result.done).toBe(false);
    expect(result.blocked.map((b) => b.pod).sort()).toEqual(protectedHere.sort());
    for (const blocked of result.blocked) {
      expect(blocked.reason).toMatch(/disruption budget/);
      expect(blocked.reason).toMatch(/guarded needs 2 healthy pods and has 2 currently/);
    }
    expect(result.evicted.filter((p) => p.startsWith(`${ns}/guarded-`))).toEqual([]);
    expect(await runningPods('guarded')).toHaveLength(2);
    await uncordon(conn, node);
  });
});

describe('clusterOverview', () => {
  it('counts nodes and pods, checks the control plane and shows recent warnings', async () => {
    // A pod no node can take: the scheduler records a FailedScheduling warning.
    await conn.core.createNamespacedPod({
      namespace: ns,
      body: { metadata: { name: 'homeless' }, spec: { nodeSelector: { 'strata.dev/none': 'x' }, containers: [{ name: 'main', image }] } },
    });
    await vi.waitFor(async () => {
      const overview = await clusterOverview(conn);
      const pods = (await conn.core.listPodForAllNamespaces()).items;
      expect(overview.version).toBe(pinnedVersions().kubernetes);
      expect(overview.nodes).toEqual({ total: 3, ready: 3 });
      expect(overview.pods).toEqual({
        total: pods.length,
        running: pods.filter((p) => p.status?.phase === 'Running').length,
        pending: pods.filter((p) => p.status?.phase === 'Pending').length,
        failed: pods.filter((p) => p.status?.phase === 'Failed').length,
      });
      expect(overview.pods.pending).toBeGreaterThanOrEqual(1);
      expect(overview.controlPlane.find((c) => c.name === 'etcd')).toEqual({ name: 'etcd', healthy: true, message: 'ok' });
      expect(overview.controlPlane.every((c) => c.healthy)).toBe(true);
      const warning = overview.recentWarnings.find((w) => w.object === `Pod ${ns}/homeless`);
      expect(warning).toMatchObject({ reason: 'FailedScheduling', count: expect.any(Number) });
      expect(warning?.message).toMatch(/node affinity|node selector/i);
      expect(Date.parse(warning?.lastSeen ?? '')).toBeGreaterThan(Date.now() - 10 * 60_000);
    }, wait);
  });
});

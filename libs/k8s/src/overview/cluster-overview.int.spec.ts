import type { V1Node, V1Pod } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startControlPlane, type TestControlPlane } from '@strata/testkit';
import type { ClusterConnection } from '../connection';
import { adminConnection } from '../testing/control-plane-connection';
import { clusterOverview, clusterSummary } from './cluster-overview';

/*
 * The overview reads in pages and counts as pages stream by. Here 100 nodes and 1,000
 * pods are read in pages of 50, so every count spans many pages; at 1,000 nodes and
 * 10,000 pods (pages of 500) the same code takes about a second on the two-core
 * reference machine, but creating that many objects takes two minutes, too long for
 * every run. Objects are created straight through the API (no kubelets), so pods stay
 * Pending, and every tenth node reports NotReady.
 */
const NODES = 100;
const PODS = 1_000;
const PAGE = 50;
let cp: TestControlPlane;
let conn: ClusterConnection;

async function inBatches(count: number, parallel: number, create: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      for (let i = next++; i < count; i = next++) await create(i);
    }),
  );
}

function node(i: number): V1Node {
  const ready = i % 10 === 0 ? 'False' : 'True';
  return {
    metadata: { name: `node-${i}` },
    status: { conditions: [{ type: 'Ready', status: ready, reason: 'Simulated', lastHeartbeatTime: new Date(), lastTransitionTime: new Date() }] },
  };
}

function pod(i: number): V1Pod {
  return {
    metadata: { name: `pod-${i}` },
    spec: { nodeName: `node-${i % NODES}`, automountServiceAccountToken: false, containers: [{ name: 'main', image: 'registry.k8s.io/pause:3.10' }] },
  };
}

beforeAll(async () => {
  cp = await startControlPlane();
  conn = adminConnection(cp.kubeconfigPath);
  // No controller-manager here to create it; pod admission needs it.
  await conn.core.createNamespacedServiceAccount({ namespace: 'default', body: { metadata: { name: 'default' } } });
  await inBatches(NODES, 8, (i) => conn.core.createNode({ body: node(i) }));
  await inBatches(PODS, 8, (i) => conn.core.createNamespacedPod({ namespace: 'default', body: pod(i) }));
}, 600_000);

afterAll(async () => {
  await cp?.stop();
});

describe('clusterOverview', () => {
  it(`counts ${NODES} nodes and ${PODS} pods in pages of ${PAGE}`, async () => {
    const overview = await clusterOverview(conn, { pageSize: PAGE });
    expect(overview.nodes).toEqual({ total: NODES, ready: NODES - NODES / 10 });
    expect(overview.pods).toEqual({ total: PODS, running: 0, pending: PODS, failed: 0 });
    expect(overview.version).toMatch(/^v1\.\d+\.\d+/);
    expect(overview.controlPlane.length).toBeGreaterThan(5);
  });
});

describe('clusterSummary', () => {
  it('gives the same version, node counts and control-plane checks without reading pods or events', async () => {
    const summary = await clusterSummary(conn, { pageSize: PAGE });
    const overview = await clusterOverview(conn, { pageSize: PAGE });
    expect(summary).toEqual({ version: overview.version, nodes: overview.nodes, controlPlane: overview.controlPlane });
    expect(Object.keys(summary).sort()).toEqual(['controlPlane', 'nodes', 'version']);
  });
});

import { describe, expect, it } from 'vitest';
import { withDefaults } from '../parse-cluster';
import type { ClusterInput } from '../schema/cluster-schema';
import { machinesOf, nodeCount } from './machines';

function cluster(spec: Partial<ClusterInput['spec']> = {}) {
  return withDefaults({ apiVersion: 'strata.dev/v1alpha1', kind: 'Cluster', metadata: { name: 'demo' }, spec: { platform: { local: {} }, ...spec } });
}

describe('nodeCount', () => {
  it('adds control-plane and worker replicas', () => {
    expect(nodeCount(cluster())).toBe(3);
    expect(
      nodeCount(
        cluster({
          controlPlane: { replicas: 3 },
          workers: [
            { name: 'a', replicas: 4 },
            { name: 'b', replicas: 0 },
          ],
        }),
      ),
    ).toBe(7);
  });
});

describe('machinesOf', () => {
  const spec: Partial<ClusterInput['spec']> = {
    controlPlane: { replicas: 3 },
    workers: [
      { name: 'general', replicas: 2 },
      { name: 'gpu', replicas: 1 },
    ],
  };

  it('lists the control plane first, then each pool in document order', () => {
    expect(machinesOf(cluster(spec))).toEqual([
      { name: 'demo-cp-0', role: 'control-plane', pool: 'control-plane', index: 0 },
      { name: 'demo-cp-1', role: 'control-plane', pool: 'control-plane', index: 1 },
      { name: 'demo-cp-2', role: 'control-plane', pool: 'control-plane', index: 2 },
      { name: 'demo-general-0', role: 'worker', pool: 'general', index: 0 },
      { name: 'demo-general-1', role: 'worker', pool: 'general', index: 1 },
      { name: 'demo-gpu-0', role: 'worker', pool: 'gpu', index: 0 },
    ]);
  });

  it('is deterministic: the same document always yields the same machines', () => {
    expect(machinesOf(cluster(spec))).toEqual(machinesOf(cluster(spec)));
    expect(machinesOf(cluster(spec))).toEqual(machinesOf(withDefaults(cluster(spec))));
  });

  it('keeps names unique, at most 63 characters and DNS-1123 labels even at the limits', () => {
    const longest = withDefaults({
      apiVersion: 'strata.dev/v1alpha1',
      kind: 'Cluster',
      metadata: { name: 'c'.repeat(32) },
      spec: {
        platform: { aws: { region: 'us-east-1' } },
        baseDomain: 'example.com',
        workers: [{ name: 'p'.repeat(24), replicas: 10_000 }],
        // A /8 pod network holds a /24 for each of the 10,001 nodes.
        networking: { machineCIDR: '172.16.0.0/16', podCIDR: '10.0.0.0/8' },
      },
    });
    const names = machinesOf(longest).map((m) => m.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) {
      expect(name.length).toBeLessThanOrEqual(63);
      expect(name).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
    }
  });

  it('has one machine per node', () => {
    const c = cluster(spec);
    expect(machinesOf(c)).toHaveLength(nodeCount(c));
  });
});

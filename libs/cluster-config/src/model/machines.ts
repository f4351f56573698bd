import type { Cluster } from '../schema/cluster-schema';

/** One machine of a cluster, in the order `machinesOf` lists them. */
export interface Machine {
  /** `<cluster>-cp-<index>` or `<cluster>-<pool>-<index>`: a DNS-1123 label, stable across runs. */
  name: string;
  role: 'control-plane' | 'worker';
  /** `control-plane` or the worker pool's name. */
  pool: string;
  /** Position within the pool, from 0. */
  index: number;
}

/** Control-plane replicas plus the replicas of every worker pool. */
export function nodeCount(cluster: Cluster): number {
  return cluster.spec.workers.reduce((total, pool) => total + pool.replicas, cluster.spec.controlPlane.replicas);
}

/**
 * Every machine of the cluster: control plane first, then the worker pools in document
 * order, each by index. The same document always yields the same list.
 */
export function machinesOf(cluster: Cluster): Machine[] {
  const name = cluster.metadata.name;
  const machines: Machine[] = [];
  for (let index = 0; index < cluster.spec.controlPlane.replicas; index++) {
    machines.push({ name: `${name}-cp-${index}`, role: 'control-plane', pool: 'control-plane', index });
  }
  for (const pool of cluster.spec.workers) {
    for (let index = 0; index < pool.replicas; index++) {
      machines.push({ name: `${name}-${pool.name}-${index}`, role: 'worker', pool: pool.name, index });
    }
  }
  return machines;
}

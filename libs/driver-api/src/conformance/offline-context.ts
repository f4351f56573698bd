import type { Cluster } from '@strata/cluster-config';
import type { DriverContext } from '../contract';
import type { Journal } from '../journal';
import { clusterTags } from '../tags';

/**
 * A driver context for what runs without a provider or a journal (plans, machine models,
 * offline checks) in specs: the cluster's tags, events dropped, no journal, and Ignition
 * configs from `ignitionFor` (by default, asking for one is an error).
 */
export function offlineContext(options: {
  cluster: Cluster;
  clusterId?: string;
  assetsDir?: string;
  ignitionFor?: (machine: string) => Promise<string>;
}): DriverContext {
  const clusterId = options.clusterId ?? '0b6f3c2a-7d1e-4f5a-9c8b-2e4d6f8a0c1e';
  return {
    cluster: options.cluster,
    clusterId,
    assetsDir: options.assetsDir ?? '/nonexistent',
    ignitionFor: options.ignitionFor ?? (() => Promise.reject(new Error('no Ignition config in an offline context'))),
    tags: clusterTags(options.cluster.metadata.name, clusterId),
    journal: undefined as unknown as Journal,
    emit: () => undefined,
  };
}

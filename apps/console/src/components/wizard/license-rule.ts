import { nodeCount, type Cluster } from '@strata/cluster-config';

/** Nodes a cluster may have without a license (the platform's free tier, as `@strata/licensing` counts it). */
export const FREE_TIER_NODES = 10;

/** The nodes of a document, control plane included, as the free tier counts them. */
export function documentNodes(cluster: Cluster | undefined, value: unknown): number {
  if (cluster) return nodeCount(cluster);
  // An invalid document still shows a count: what it asks for, with the schema's defaults.
  const spec = (value as { spec?: { controlPlane?: { replicas?: unknown }; workers?: unknown } } | undefined)?.spec;
  const cp = typeof spec?.controlPlane?.replicas === 'number' ? spec.controlPlane.replicas : 1;
  const workers = Array.isArray(spec?.workers) ? spec.workers : [{ replicas: 2 }];
  return workers.reduce((total: number, pool: { replicas?: unknown }) => total + (typeof pool?.replicas === 'number' ? pool.replicas : 0), cp);
}

/**
 * Why the wizard refuses to submit for the license, or undefined: beyond the free tier an
 * install needs a license, which the service then verifies (signature, entitlement).
 */
export function licenseRefusal(nodes: number, license: string): string | undefined {
  if (nodes <= FREE_TIER_NODES || license.trim() !== '') return undefined;
  return `${nodes} nodes is more than the free tier of ${FREE_TIER_NODES}: paste or upload a license, or make the cluster smaller`;
}

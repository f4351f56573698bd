import { createHash } from 'node:crypto';
import { CLUSTER_ID_TAG, CLUSTER_TAG, STEP_TAG } from './contract';

/** The ownership tags of a cluster's resources. */
export function clusterTags(cluster: string, clusterId: string): Record<string, string> {
  return { [CLUSTER_TAG]: cluster, [CLUSTER_ID_TAG]: clusterId };
}

/** Tags of one step's resource: the cluster's plus the step id. */
export function stepTags(tags: Record<string, string>, stepId: string): Record<string, string> {
  return { ...tags, [STEP_TAG]: stepId };
}

/** True when `resourceTags` mark a resource as owned by the cluster with `clusterId`. */
export function ownedBy(resourceTags: Record<string, string> | undefined, clusterId: string): boolean {
  return resourceTags?.[CLUSTER_ID_TAG] === clusterId;
}

/**
 * A deterministic provider-side name: `<prefix>-<cluster>-<hash>`, where the hash comes
 * from the cluster id so two clusters of the same name never share a name; cut to `max`.
 */
export function resourceName(cluster: string, clusterId: string, suffix: string, max = 63): string {
  const hash = createHash('sha256').update(clusterId).digest('hex').slice(0, 5);
  const base = `strata-${cluster}-${hash}`;
  const full = suffix ? `${base}-${suffix}` : base;
  return full.length <= max ? full : full.slice(0, max).replace(/-+$/, '');
}

import { localOwnership } from './ownership';
import { resourceName } from './names';

/** The ownership marks of a cluster in their canonical (local) form; platforms encode them with their own encoder. */
export function clusterTags(cluster: string, clusterId: string): Record<string, string> {
  return localOwnership.encode({ cluster, clusterId }).labels;
}

/** Marks of one step's resource: the cluster's plus the step id. */
export function stepTags(tags: Record<string, string>, stepId: string): Record<string, string> {
  const marks = localOwnership.decode({ labels: tags });
  if (!marks) throw new TypeError('stepTags needs the cluster marks made by clusterTags');
  return localOwnership.encode({ ...marks, step: stepId }).labels;
}

/** True when `resourceTags` (canonical form) mark a resource as owned by the cluster with `clusterId`. */
export function ownedBy(resourceTags: Record<string, string> | undefined, clusterId: string): boolean {
  return localOwnership.decode({ labels: resourceTags ?? {} })?.clusterId === clusterId;
}

export { resourceName };

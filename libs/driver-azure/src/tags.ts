import { azureOwnership, localOwnership, type DriverContext, type PlanStep } from '@strata/driver-api';

/**
 * The Azure tags of a step's resource: its ownership marks encoded for Azure (tag names
 * without `/`, values within 256 characters).
 * https://learn.microsoft.com/azure/azure-resource-manager/management/tag-resources#limitations
 */
export function azureTags(step: PlanStep): Record<string, string> {
  const marks = localOwnership.decode({ labels: step.tags });
  if (!marks) throw new TypeError(`step ${step.id} carries no cluster marks`);
  return azureOwnership.encode(marks).labels;
}

/** The marks of the cluster as a whole (the resource group of a sweep, say). */
export function clusterMarks(ctx: DriverContext): Record<string, string> {
  return azureOwnership.encode({ cluster: ctx.cluster.metadata.name, clusterId: ctx.clusterId }).labels;
}

/** The marks Azure tags carry, or undefined for a resource of no cluster. */
export function marksOf(tags: Record<string, string> | undefined): { cluster: string; clusterId: string; step?: string } | undefined {
  return azureOwnership.decode({ labels: tags ?? {} });
}

/** True when the tags mark a resource of the cluster with `clusterId`. */
export function ownedBy(tags: Record<string, string> | undefined, clusterId: string): boolean {
  return marksOf(tags)?.clusterId === clusterId;
}

/** True when the tags mark a resource of `step` of the cluster with `clusterId`. */
export function ownedByStep(tags: Record<string, string> | undefined, clusterId: string, stepId: string): boolean {
  const marks = marksOf(tags);
  return marks?.clusterId === clusterId && marks.step === stepId;
}

import type { Tag } from '@aws-sdk/client-ec2';
import { platformOf } from '@strata/cluster-config';
import { awsOwnership, CLUSTER_ID_TAG, STEP_TAG, type DriverContext, type PlanStep } from '@strata/driver-api';

/** The tag the AWS cloud provider looks for on the cluster's VPC, subnets, security groups and instances. */
export function kubernetesClusterTag(cluster: string): string {
  return `kubernetes.io/cluster/${cluster}`;
}

/**
 * Every tag of a step's resource: the ownership marks (AWS encoder), the document's
 * `tags`, `Name`, and `kubernetes.io/cluster/<name>=owned`.
 */
export function awsTags(ctx: DriverContext, step: PlanStep): Record<string, string> {
  const platform = platformOf(ctx.cluster);
  const user = platform.name === 'aws' ? platform.config.tags : {};
  const marks = awsOwnership.decode({ labels: step.tags });
  const own = marks ? awsOwnership.encode(marks).labels : step.tags;
  return { ...user, ...own, Name: step.name, [kubernetesClusterTag(ctx.cluster.metadata.name)]: 'owned' };
}

/** {@link awsTags} as the SDK's `Tag[]`. */
export function tagList(ctx: DriverContext, step: PlanStep): Tag[] {
  return Object.entries(awsTags(ctx, step)).map(([Key, Value]) => ({ Key, Value }));
}

/** EC2 describe filters selecting the resource of one step of this cluster. */
export function stepFilters(ctx: DriverContext, step: PlanStep): { Name: string; Values: string[] }[] {
  return [
    { Name: `tag:${CLUSTER_ID_TAG}`, Values: [ctx.clusterId] },
    { Name: `tag:${STEP_TAG}`, Values: [step.id] },
  ];
}

/** EC2 describe filters selecting everything of this cluster. */
export function clusterFilters(ctx: DriverContext): { Name: string; Values: string[] }[] {
  return [{ Name: `tag:${CLUSTER_ID_TAG}`, Values: [ctx.clusterId] }];
}

/** A tag list as a record. */
export function tagRecord(tags: { Key?: string; Value?: string }[] | undefined): Record<string, string> {
  return Object.fromEntries((tags ?? []).map((t) => [t.Key ?? '', t.Value ?? '']));
}

/** The step id a resource's tags name, when they carry this cluster's id. */
export function ownedStep(tags: Record<string, string>, clusterId: string): string | undefined {
  return tags[CLUSTER_ID_TAG] === clusterId ? tags[STEP_TAG] : undefined;
}

/**
 * Set last by a create that takes several calls (a VPC and its DNS attributes), so that
 * `find` tells a finished resource from one whose create was cut short.
 */
export const COMPLETE_TAG = 'strata.dev/complete';

import { rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { defineHandler, type DriverContext } from '@strata/driver-api';
import { InputError } from '@strata/errors';
import { localPaths } from '../paths';
import { isOwned, writeOwner } from '../owner';
import { addressRangeProblems } from '../preflight';
import { registerRange, unregisterRange } from '../range-registry';

/**
 * Claims the cluster's range in the machine-wide registry, checking again right before:
 * two installs validated at the same moment must not both start on one range. Called
 * before any process of the cluster starts; idempotent.
 * @throws InputError naming `spec.platform.local.addressRange` when another live cluster holds an overlapping range.
 */
export function claimAddressRange(ctx: DriverContext): void {
  const paths = localPaths(ctx.cluster);
  const addressRange = ctx.cluster.spec.platform.local?.addressRange ?? '';
  registerRange({
    clusterId: ctx.clusterId,
    cluster: ctx.cluster.metadata.name,
    addressRange,
    clusterDir: paths.clusterDir,
    assetsDir: resolve(ctx.assetsDir),
  });
  const problems = addressRangeProblems(ctx.cluster, ctx.clusterId);
  if (problems.length > 0) {
    unregisterRange(ctx.clusterId);
    throw new InputError(`the address range ${addressRange} of cluster ${ctx.cluster.metadata.name} is taken`, problems);
  }
}

/**
 * The cluster's loopback range and state directory: the local counterpart of a network.
 * Owning it is what lets validation refuse a second cluster on the same addresses.
 */
export const addressRangeHandler = defineHandler({
  spec: z.object({ addressRange: z.string().optional() }),
  outputs: z.strictObject({ clusterDir: z.string(), addressRange: z.string() }),
  async find(ctx) {
    const paths = localPaths(ctx.cluster);
    if (!isOwned(dirname(paths.networkFile), ctx.clusterId)) return undefined;
    return { clusterDir: paths.clusterDir, addressRange: ctx.cluster.spec.platform.local?.addressRange ?? '' };
  },
  async create(ctx, step) {
    const paths = localPaths(ctx.cluster);
    const addressRange = ctx.cluster.spec.platform.local?.addressRange ?? '';
    claimAddressRange(ctx);
    writeOwner(paths.clusterDir, step.tags, { addressRange });
    return { clusterDir: paths.clusterDir, addressRange };
  },
  async delete(ctx) {
    const paths = localPaths(ctx.cluster);
    if (isOwned(paths.clusterDir, ctx.clusterId)) rmSync(paths.clusterDir, { recursive: true, force: true });
    unregisterRange(ctx.clusterId);
  },
});

import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ResourceHandler } from '@strata/driver-api';
import { localPaths } from '../paths';
import { isOwned, writeOwner } from '../owner';

/**
 * The cluster's loopback range and state directory: the local counterpart of a network.
 * Owning it is what lets validation refuse a second cluster on the same addresses.
 */
export const addressRangeHandler: ResourceHandler = {
  async find(ctx) {
    const paths = localPaths(ctx.cluster);
    if (!isOwned(dirname(paths.networkFile), ctx.clusterId)) return undefined;
    return { clusterDir: paths.clusterDir, addressRange: ctx.cluster.spec.platform.local?.addressRange ?? '' };
  },
  async create(ctx, step) {
    const paths = localPaths(ctx.cluster);
    const addressRange = ctx.cluster.spec.platform.local?.addressRange ?? '';
    writeOwner(paths.clusterDir, step.tags, { addressRange });
    return { clusterDir: paths.clusterDir, addressRange };
  },
  async delete(ctx) {
    const paths = localPaths(ctx.cluster);
    if (isOwned(paths.clusterDir, ctx.clusterId)) rmSync(paths.clusterDir, { recursive: true, force: true });
  },
};

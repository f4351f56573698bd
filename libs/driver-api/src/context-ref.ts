import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseCluster } from '@strata/cluster-config';
import type { DriverContext } from './contract';
import { Journal } from './journal';
import { clusterTags } from './tags';

/** What a driver context is made of, as plain data another process can rebuild it from. */
export interface DriverContextRef {
  /** The Cluster document, as JSON. */
  cluster: string;
  clusterId: string;
  assetsDir: string;
  journal: string;
}

/** The context the installer gives a driver for a cluster whose assets are rendered in `ref.assetsDir`. */
export function contextFromRef(ref: DriverContextRef): DriverContext {
  const cluster = parseCluster(ref.cluster, { format: 'json' });
  return {
    cluster,
    clusterId: ref.clusterId,
    assetsDir: ref.assetsDir,
    ignitionFor: (m) => readFile(join(ref.assetsDir, 'ignition', `${m}.ign`), 'utf8'),
    tags: clusterTags(cluster.metadata.name, ref.clusterId),
    journal: Journal.open(ref.journal),
    emit: () => undefined,
  };
}

/** `ctx` as the string {@link contextFromRef} rebuilds it from (in a child process, say). */
export function contextRef(ctx: DriverContext): string {
  const ref: DriverContextRef = { cluster: JSON.stringify(ctx.cluster), clusterId: ctx.clusterId, assetsDir: ctx.assetsDir, journal: ctx.journal.path };
  return JSON.stringify(ref);
}

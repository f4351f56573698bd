import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseCluster, type Cluster } from '@strata/cluster-config';
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

/**
 * The context of a cluster whose assets are rendered in `assetsDir`: machines' Ignition
 * configs read from `<assetsDir>/ignition`, the ownership tags of its id, its journal.
 * The installer and a rebuilt child-process context both come from here.
 */
export function assetsContext(
  cluster: Cluster,
  clusterId: string,
  assetsDir: string,
  journal: Journal,
  emit: DriverContext['emit'] = () => undefined,
): DriverContext {
  return {
    cluster,
    clusterId,
    assetsDir,
    ignitionFor: (m) => readFile(join(assetsDir, 'ignition', `${m}.ign`), 'utf8'),
    tags: clusterTags(cluster.metadata.name, clusterId),
    journal,
    emit,
  };
}

/** The context {@link contextRef} describes, rebuilt (in a child process, say). */
export function contextFromRef(ref: DriverContextRef): DriverContext {
  return assetsContext(parseCluster(ref.cluster, { format: 'json' }), ref.clusterId, ref.assetsDir, Journal.open(ref.journal));
}

/** `ctx` as the string {@link contextFromRef} rebuilds it from (in a child process, say). */
export function contextRef(ctx: DriverContext): string {
  const ref: DriverContextRef = { cluster: JSON.stringify(ctx.cluster), clusterId: ctx.clusterId, assetsDir: ctx.assetsDir, journal: ctx.journal.path };
  return JSON.stringify(ref);
}

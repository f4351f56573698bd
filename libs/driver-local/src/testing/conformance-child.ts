import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseCluster } from '@strata/cluster-config';
import { clusterTags, Journal, type DriverContext } from '@strata/driver-api';
import type { ConformanceChild } from '@strata/driver-api/conformance';
import { localDriver } from '../local-driver';

/** What a local driver context is made of, as plain data another process can rebuild it from. */
export interface LocalContextRef {
  /** The Cluster document, as JSON. */
  cluster: string;
  clusterId: string;
  assetsDir: string;
  journal: string;
}

/** The context the installer would give the local driver for a cluster whose assets are rendered in `ref.assetsDir`. */
export function localContext(ref: LocalContextRef): DriverContext {
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

/** `ctx` as the string {@link conformanceChild} restores it from. */
export function localContextRef(ctx: DriverContext): string {
  const ref: LocalContextRef = { cluster: JSON.stringify(ctx.cluster), clusterId: ctx.clusterId, assetsDir: ctx.assetsDir, journal: ctx.journal.path };
  return JSON.stringify(ref);
}

/** The local driver in the conformance suite's crash case, which runs an apply in a child process. */
export const conformanceChild: ConformanceChild = {
  driver: localDriver,
  restoreContext: (ref) => Promise.resolve(localContext(JSON.parse(ref) as LocalContextRef)),
};

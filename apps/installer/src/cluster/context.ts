import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Cluster } from '@strata/cluster-config';
import { clusterTags, Journal, type DriverContext, type ProgressEvent } from '@strata/driver-api';

/** Files of a cluster directory beyond the rendered assets. */
export const clusterFiles = (dir: string) => ({
  journal: join(dir, 'state/journal.jsonl'),
  lock: join(dir, '.strata.lock'),
  installLog: join(dir, 'install.log'),
  kubeconfig: join(dir, 'auth/kubeconfig'),
  adminKubeconfig: join(dir, 'auth/admin.kubeconfig'),
});

/** The driver context for a cluster whose assets are in `dir`. */
export function driverContext(cluster: Cluster, clusterId: string, dir: string, emit: (e: ProgressEvent) => void, journal?: Journal): DriverContext {
  return {
    cluster,
    clusterId,
    assetsDir: dir,
    ignitionFor: (machine) => readFile(join(dir, 'ignition', `${machine}.ign`), 'utf8'),
    tags: clusterTags(cluster.metadata.name, clusterId),
    journal: journal ?? Journal.open(clusterFiles(dir).journal),
    emit,
  };
}

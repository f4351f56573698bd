import { join } from 'node:path';
import type { Cluster } from '@strata/cluster-config';
import { assetsContext, Journal, type DriverContext, type ProgressEvent } from '@strata/driver-api';

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
  return assetsContext(cluster, clusterId, dir, journal ?? Journal.open(clusterFiles(dir).journal), emit);
}

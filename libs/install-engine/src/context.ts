import { join } from 'node:path';
import type { Cluster } from '@strata/cluster-config';
import { assetsContext, Journal, type Credential, type DriverContext, type ProgressEvent } from '@strata/driver-api';

/** Files of a cluster directory beyond the rendered assets. */
export const clusterFiles = (dir: string) => ({
  journal: join(dir, 'state/journal.jsonl'),
  lock: join(dir, '.strata.lock'),
  installLog: join(dir, 'install.log'),
  kubeconfig: join(dir, 'auth/kubeconfig'),
  adminKubeconfig: join(dir, 'auth/admin.kubeconfig'),
});

/** What a driver context may carry beyond the cluster directory. */
export interface ContextOptions {
  /** The credential to call the provider with instead of the SDK's default chain. */
  credential?: Credential;
  /** Aborts the provider calls in flight (cancel). */
  signal?: AbortSignal;
}

/** The driver context for a cluster whose assets are in `dir`. */
export function driverContext(cluster: Cluster, clusterId: string, dir: string, emit: (e: ProgressEvent) => void, options: ContextOptions = {}): DriverContext {
  const ctx = assetsContext(cluster, clusterId, dir, Journal.open(clusterFiles(dir).journal), emit);
  if (options.credential) ctx.credential = options.credential;
  if (options.signal) ctx.signal = options.signal;
  return ctx;
}

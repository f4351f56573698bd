import { rmSync } from 'node:fs';
import type { Cluster } from '@strata/cluster-config';
import { destroyAll, DirectoryLock, type DestroyResult, type InfraPlan, type ProgressEvent } from '@strata/driver-api';
import { clusterFiles, driverContext, type ContextOptions } from './context';
import { driverFor } from './drivers';
import { InstallLog } from './install-log';
import { unregisterCluster } from './registry';

/** How a front end follows a destroy. */
export interface DestroyOptions extends ContextOptions {
  /** Who holds the directory lock meanwhile (`strata destroy demo`), for the message of a refused second run. */
  holder: string;
  onEvent?: (e: ProgressEvent) => void;
  /** The plan the destroy deletes, before the first delete. */
  onPlan?: (plan: InfraPlan) => void;
}

/**
 * Deletes every resource of the cluster whose assets are in `dir`, in reverse dependency
 * order through the journal, then sweeps what carries its marks; removes the journal and the
 * kubeconfig and takes the cluster out of the registry. The assets stay. Holds the directory
 * lock until the last delete settled, so a second run waits its turn. Safe to run again.
 */
export async function destroyCluster(cluster: Cluster, clusterId: string, dir: string, options: DestroyOptions): Promise<DestroyResult> {
  const files = clusterFiles(dir);
  const driver = await driverFor(cluster);
  const lock = DirectoryLock.acquire(files.lock, options.holder);
  const log = new InstallLog(files.installLog);
  try {
    const ctx = driverContext(
      cluster,
      clusterId,
      dir,
      (e) => {
        log.write(`[${e.phase}] ${e.status} ${e.message}`);
        options.onEvent?.(e);
      },
      options,
    );
    const plan = driver.plan(ctx);
    options.onPlan?.(plan);
    const result = await destroyAll(driver, ctx, plan);
    rmSync(files.journal, { force: true });
    rmSync(files.kubeconfig, { force: true });
    unregisterCluster(clusterId);
    log.write(`cluster ${cluster.metadata.name} destroyed`);
    return result;
  } finally {
    lock.release();
  }
}

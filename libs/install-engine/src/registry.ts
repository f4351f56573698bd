import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  INSTALLED_CLUSTER_FORMAT_VERSION,
  installedClusterFileName,
  installedClustersDirFrom,
  serializeInstalledCluster,
  type InstalledClusterFile,
} from '@strata/install-contract';

/**
 * The local registry of installed clusters: one JSON file per cluster that the console
 * reads to show clusters installed by `strata install` without any import step. Its format
 * and location are `@strata/install-contract`'s, the same the console reads with.
 */
export function registryDir(env: Record<string, string | undefined> = process.env): string {
  return installedClustersDirFrom(env, homedir(), process.cwd());
}

export type RegistryEntry = InstalledClusterFile;

export function registerInstalledCluster(entry: { clusterId: string; name: string; dir: string; kubeconfig: string; apiUrl: string }): string {
  const dir = registryDir();
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, installedClusterFileName(entry.clusterId));
  const record: RegistryEntry = {
    version: INSTALLED_CLUSTER_FORMAT_VERSION,
    ...entry,
    dir: resolve(entry.dir),
    kubeconfig: resolve(entry.kubeconfig),
    installedAt: new Date().toISOString(),
  };
  writeFileSync(file, serializeInstalledCluster(record), { mode: 0o600 });
  return file;
}

export function unregisterCluster(clusterId: string): void {
  rmSync(join(registryDir(), installedClusterFileName(clusterId)), { force: true });
}

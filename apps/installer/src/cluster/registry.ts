import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * The local registry of installed clusters: one JSON file per cluster that the console
 * reads to show clusters installed by `strata install` without any import step. It names
 * the kubeconfig's path; the console encrypts what it reads.
 */
export function registryDir(): string {
  return join(process.env['STRATA_HOME'] ?? join(homedir(), '.strata'), 'clusters');
}

export interface RegistryEntry {
  clusterId: string;
  name: string;
  dir: string;
  kubeconfig: string;
  apiUrl: string;
  installedAt: string;
}

export function registerInstalledCluster(entry: Omit<RegistryEntry, 'installedAt' | 'dir' | 'kubeconfig'> & { dir: string; kubeconfig: string }): string {
  const dir = registryDir();
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, `${entry.clusterId}.json`);
  const record: RegistryEntry = { ...entry, dir: resolve(entry.dir), kubeconfig: resolve(entry.kubeconfig), installedAt: new Date().toISOString() };
  writeFileSync(file, `${JSON.stringify(record, null, 2)}\n`, { mode: 0o600 });
  return file;
}

export function unregisterCluster(clusterId: string): void {
  rmSync(join(registryDir(), `${clusterId}.json`), { force: true });
}

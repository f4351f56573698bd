import { readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, join } from 'node:path';
import { installedClustersDirFrom, InstalledClusterFileSchema, parseInstalledCluster, type InstalledClusterFile } from '@strata/install-contract';
import { ConflictError, formatError, InputError, NotFoundError } from '@strata/errors';
import type { ConsoleStore } from '../store/console-store';
import { validateKubeconfig } from './kubeconfig';
import { clusterFromRow, clusterKubeconfig, registerCluster, removeCluster, updateClusterKubeconfig, type ClusterRecord, type ClusterRow } from './registry';

/** The installer's registry of installed clusters, located by the rule in `@strata/install-contract`. */
export function installedClustersDir(env: Record<string, string | undefined> = process.env): string {
  return installedClustersDirFrom(env, homedir(), process.cwd());
}

export { InstalledClusterFileSchema, type InstalledClusterFile };

/** What {@link syncInstalledClusters} changed. */
export interface SyncResult {
  added: ClusterRecord[];
  /** Installed clusters whose kubeconfig changed (for example after a reinstall). */
  updated: ClusterRecord[];
  removed: ClusterRecord[];
  /** Registry files that could not be used, with the reason; their clusters are left as they are. */
  skipped: { file: string; reason: string }[];
}

function readEntry(file: string): InstalledClusterFile & { kubeconfigText: string } {
  let data: InstalledClusterFile;
  try {
    data = parseInstalledCluster(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new InputError(error instanceof Error ? error.message : String(error));
  }
  let kubeconfigText: string;
  try {
    kubeconfigText = readFileSync(data.kubeconfig, 'utf8');
  } catch (error) {
    throw new InputError(`its kubeconfig ${data.kubeconfig} is not readable: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  return { ...data, kubeconfigText };
}

function listEntries(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((name) => name.endsWith('.json'))
      .sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/**
 * Brings the console's installed clusters in line with the installer's registry: registers
 * each cluster found there (reading and sealing its kubeconfig), refreshes one whose
 * kubeconfig changed, and removes installed clusters whose file is gone. Imported clusters
 * are never touched. A file that cannot be used is reported in `skipped`, and its cluster,
 * if registered, is kept.
 */
export async function syncInstalledClusters(store: ConsoleStore, options: { registryDir?: string } = {}): Promise<SyncResult> {
  const dir = options.registryDir ?? installedClustersDir();
  const result: SyncResult = { added: [], updated: [], removed: [], skipped: [] };
  const rows = await store.db.query<ClusterRow>(
    'SELECT id, name, source, server, install_id, install_dir, created_at, updated_at FROM clusters WHERE install_id IS NOT NULL',
  );
  const byInstallId = new Map(rows.flatMap((row) => (row.install_id ? [[row.install_id, row] as const] : [])));
  const present = new Set<string>();

  for (const name of listEntries(dir)) {
    // A runtime directory (the installer's registry), not a file to trace into the server build.
    const file = join(/*turbopackIgnore: true*/ dir, name);
    present.add(basename(name, '.json'));
    let entry: ReturnType<typeof readEntry>;
    try {
      entry = readEntry(file);
      present.add(entry.clusterId);
      const existing = byInstallId.get(entry.clusterId);
      if (!existing) {
        result.added.push(
          await registerCluster(store, {
            name: entry.name,
            kubeconfig: entry.kubeconfigText,
            source: 'installer',
            installDir: entry.dir,
            installId: entry.clusterId,
          }),
        );
        continue;
      }
      const wanted = validateKubeconfig(entry.kubeconfigText).minified;
      if ((await clusterKubeconfig(store, existing.id)) !== wanted) {
        result.updated.push(await updateClusterKubeconfig(store, existing.id, entry.kubeconfigText));
      }
    } catch (error) {
      const reason = error instanceof ConflictError || error instanceof InputError ? error.message : formatError(error);
      result.skipped.push({ file, reason });
    }
  }

  for (const [installId, row] of byInstallId) {
    if (present.has(installId)) continue;
    try {
      await removeCluster(store, row.id);
    } catch (error) {
      // Removed meanwhile by an admin or another replica: the outcome is the same.
      if (!(error instanceof NotFoundError)) throw error;
    }
    result.removed.push(clusterFromRow(row));
  }
  return result;
}

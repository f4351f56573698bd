import { ConflictError, InputError, NotFoundError } from '@strata/errors';
import { isUniqueViolation, type Queryable } from '@strata/sql';
import { seal, unseal } from '../secrets/seal';
import type { ConsoleStore } from '../store/console-store';
import { newId } from '../store/ids';
import { validateKubeconfig, type KubeconfigChecks } from './kubeconfig';

/** How a cluster came into the console: installed by `strata install`, or imported from a kubeconfig. */
export const CLUSTER_SOURCES = ['installer', 'import'] as const;
export type ClusterSource = (typeof CLUSTER_SOURCES)[number];

/** A registered cluster's metadata. Never holds credentials; see {@link clusterKubeconfig}. */
export interface ClusterRecord {
  id: string;
  name: string;
  source: ClusterSource;
  /** The API server URL. */
  server: string;
  /** The installer's cluster id, for clusters found in the installer's registry. */
  installId?: string;
  /** The installer's asset directory, for installed clusters. */
  installDir?: string;
  createdAt: Date;
  updatedAt: Date;
}

/** What {@link registerCluster} needs. */
export interface NewCluster {
  name: string;
  /** The kubeconfig (YAML); its current context is kept, sealed. */
  kubeconfig: string;
  source: ClusterSource;
  installDir?: string;
  /** The installer's cluster id; set by `syncInstalledClusters`. */
  installId?: string;
  /** Choices the importing admin made explicitly (see {@link KubeconfigChecks}). */
  checks?: KubeconfigChecks;
}

/** Cluster names: 1–63 letters, digits, `.`, `_` or `-`, starting and ending with a letter or digit. */
export const CLUSTER_NAME_PATTERN = /^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,61}[A-Za-z0-9])?$/;

export interface ClusterRow {
  id: string;
  name: string;
  source: string;
  server: string;
  install_id: string | null;
  install_dir: string | null;
  created_at: number;
  updated_at: number;
}

const COLUMNS = 'id, name, source, server, install_id, install_dir, created_at, updated_at';

export function clusterFromRow(row: ClusterRow): ClusterRecord {
  return {
    id: row.id,
    name: row.name,
    source: row.source === 'installer' ? 'installer' : 'import',
    server: row.server,
    ...(row.install_id ? { installId: row.install_id } : {}),
    ...(row.install_dir ? { installDir: row.install_dir } : {}),
    createdAt: new Date(Number(row.created_at)),
    updatedAt: new Date(Number(row.updated_at)),
  };
}

/** The sealing context binds a ciphertext to its cluster row. */
export function sealContext(clusterId: string): string {
  return `cluster:${clusterId}:kubeconfig`;
}

function checkNewCluster(input: NewCluster): void {
  const problems = [];
  if (typeof input.name !== 'string' || !CLUSTER_NAME_PATTERN.test(input.name)) {
    problems.push({ path: 'name', message: 'must be 1-63 letters, digits, ".", "_" or "-", starting and ending with a letter or digit' });
  }
  if (!(CLUSTER_SOURCES as readonly string[]).includes(input.source))
    problems.push({ path: 'source', message: `must be one of ${CLUSTER_SOURCES.join(', ')}` });
  if (problems.length > 0) throw new InputError('the cluster is not valid', problems);
}

async function clusterRow(db: Queryable, id: string): Promise<ClusterRow | undefined> {
  return (await db.query<ClusterRow>(`SELECT ${COLUMNS} FROM clusters WHERE id = $1`, [id]))[0];
}

/**
 * Registers a cluster. The kubeconfig is validated, cut down to its current context and
 * stored encrypted (AES-256-GCM under the console's secret key).
 * @throws InputError for a bad name or kubeconfig; ConflictError when the name is taken.
 */
export async function registerCluster(store: ConsoleStore, input: NewCluster): Promise<ClusterRecord> {
  checkNewCluster(input);
  const summary = validateKubeconfig(input.kubeconfig, input.checks);
  const id = newId('cls');
  const sealed = seal(store.secretKey(), summary.minified, sealContext(id));
  const now = Date.now();
  try {
    await store.db.run(
      `INSERT INTO clusters (id, name, source, server, install_id, install_dir, kubeconfig_sealed, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)`,
      [id, input.name, input.source, summary.server, input.installId ?? null, input.installDir ?? null, sealed, now],
    );
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new ConflictError(
        input.installId && (await store.db.query('SELECT 1 FROM clusters WHERE install_id = $1', [input.installId])).length > 0
          ? `installed cluster ${input.installId} is already registered`
          : `a cluster named "${input.name}" is already registered`,
        error,
      );
    }
    throw error;
  }
  const row = await clusterRow(store.db, id);
  if (!row) throw new NotFoundError(`cluster ${id} vanished right after it was registered`);
  return clusterFromRow(row);
}

/**
 * Validates a kubeconfig and registers its current context as an imported cluster.
 * @throws InputError naming each problem of the kubeconfig; ConflictError when the name is taken.
 */
export function importKubeconfig(store: ConsoleStore, name: string, yaml: string, checks: KubeconfigChecks = {}): Promise<ClusterRecord> {
  return registerCluster(store, { name, kubeconfig: yaml, source: 'import', checks });
}

/** Every registered cluster's metadata, by name. */
export async function listClusters(store: ConsoleStore): Promise<ClusterRecord[]> {
  return (await store.db.query<ClusterRow>(`SELECT ${COLUMNS} FROM clusters ORDER BY name`)).map(clusterFromRow);
}

/** One cluster's metadata, or undefined. */
export async function getCluster(store: ConsoleStore, id: string): Promise<ClusterRecord | undefined> {
  const row = await clusterRow(store.db, id);
  return row ? clusterFromRow(row) : undefined;
}

/**
 * The decrypted kubeconfig of a cluster. For server-side use only: never send it to a browser.
 * @throws NotFoundError for an unknown cluster; StrataError (internal) when the secret key changed.
 */
export async function clusterKubeconfig(store: ConsoleStore, id: string): Promise<string> {
  const rows = await store.db.query<{ name: string; kubeconfig_sealed: string }>('SELECT name, kubeconfig_sealed FROM clusters WHERE id = $1', [id]);
  const row = rows[0];
  if (!row) throw new NotFoundError(`no cluster with id ${id}`);
  return unseal(store.secretKey(), row.kubeconfig_sealed, sealContext(id), `the kubeconfig of cluster ${row.name}`);
}

/**
 * Replaces a cluster's kubeconfig (for example after credentials were rotated).
 * @throws NotFoundError for an unknown cluster; InputError for a bad kubeconfig.
 */
export async function updateClusterKubeconfig(store: ConsoleStore, id: string, kubeconfig: string, checks: KubeconfigChecks = {}): Promise<ClusterRecord> {
  const summary = validateKubeconfig(kubeconfig, checks);
  const sealed = seal(store.secretKey(), summary.minified, sealContext(id));
  const { changes } = await store.db.run('UPDATE clusters SET kubeconfig_sealed = $1, server = $2, updated_at = $3 WHERE id = $4', [
    sealed,
    summary.server,
    Date.now(),
    id,
  ]);
  const updated = changes === 0 ? undefined : await getCluster(store, id);
  if (!updated) throw new NotFoundError(`no cluster with id ${id}`);
  return updated;
}

/**
 * Removes a cluster and its stored kubeconfig from the console (the cluster itself is untouched).
 * @throws NotFoundError for an unknown cluster.
 */
export async function removeCluster(store: ConsoleStore, id: string): Promise<void> {
  const { changes } = await store.db.run('DELETE FROM clusters WHERE id = $1', [id]);
  if (changes === 0) throw new NotFoundError(`no cluster with id ${id}`);
}

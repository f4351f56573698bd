import { createHash, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Cluster } from '@strata/cluster-config';
import { ConflictError, InputError, withContext } from '@strata/errors';
import { loadPki, readPkiDirectory } from '@strata/pki';
import { renderClusterAssets, type AssetFile, type RenderedAssets } from './render-assets';

/** `assets.json`: who the directory belongs to and every asset with its SHA-256. */
export interface AssetManifest {
  apiVersion: 'strata.dev/v1alpha1';
  kind: 'AssetManifest';
  cluster: string;
  clusterId: string;
  kubernetesVersion: string;
  files: { path: string; sha256: string; mode: string }[];
}

export const ASSET_MANIFEST = 'assets.json';

export async function readAssetManifest(dir: string): Promise<AssetManifest | undefined> {
  const path = join(dir, ASSET_MANIFEST);
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(await readFile(path, 'utf8')) as AssetManifest;
  } catch (error) {
    throw withContext(error, `reading ${path}`);
  }
}

export interface WriteResult extends RenderedAssets {
  manifest: AssetManifest;
  /** True when the directory held assets of this cluster and its PKI was kept. */
  reused: boolean;
}

/**
 * Renders a cluster's assets into `dir`. A directory that holds another cluster's assets
 * is refused; one that holds this cluster's keeps its CAs and keys, so re-running is
 * safe. Files are written to a staging directory first and moved into place, so a
 * failure never leaves a half-written asset set behind.
 */
export async function writeAssetDirectory(dir: string, cluster: Cluster): Promise<WriteResult> {
  const previous = await readAssetManifest(dir);
  if (previous && previous.cluster !== cluster.metadata.name) {
    throw new ConflictError(
      `${dir} holds the assets of cluster "${previous.cluster}", not "${cluster.metadata.name}": choose another --dir or destroy that cluster first`,
    );
  }
  if (!previous && existsSync(dir) && !(await isEmptyDir(dir))) {
    throw new InputError(`${dir} is not empty and holds no Strata assets: choose an empty or new --dir`);
  }
  const existing = previous ? loadPki(await readPkiDirectory(dir)) : {};
  const rendered = await renderClusterAssets(cluster, existing);
  const manifest: AssetManifest = {
    apiVersion: 'strata.dev/v1alpha1',
    kind: 'AssetManifest',
    cluster: cluster.metadata.name,
    clusterId: previous?.clusterId ?? randomUUID(),
    kubernetesVersion: cluster.spec.kubernetesVersion,
    files: rendered.files
      .map((f) => ({ path: f.path, sha256: sha256(f.contents), mode: `0${f.mode.toString(8)}` }))
      .sort((a, b) => a.path.localeCompare(b.path)),
  };
  await commitFiles(dir, [...rendered.files, { path: ASSET_MANIFEST, contents: `${JSON.stringify(manifest, null, 2)}\n`, mode: 0o644 }]);
  return { ...rendered, manifest, reused: previous !== undefined };
}

export function sha256(contents: string): string {
  return createHash('sha256').update(contents).digest('hex');
}

/** Entries the installer itself keeps in a cluster directory next to the assets. */
const INSTALLER_ENTRIES = new Set(['.strata.lock', 'install.log', 'state']);

async function isEmptyDir(dir: string): Promise<boolean> {
  const { readdir } = await import('node:fs/promises');
  return (await readdir(dir)).every((entry) => INSTALLER_ENTRIES.has(entry));
}

async function commitFiles(dir: string, files: AssetFile[]): Promise<void> {
  const createdDir = !existsSync(dir);
  const staging = `${dir.replace(/\/+$/, '')}.staging-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  try {
    for (const f of files) {
      const target = join(staging, f.path);
      await mkdir(dirname(target), { recursive: true, mode: 0o700 });
      await writeFile(target, f.contents, { mode: f.mode });
      await chmod(target, f.mode);
    }
    await mkdir(dir, { recursive: true, mode: 0o700 });
    // The manifest goes last: a directory with assets.json always has every file it lists.
    const ordered = [...files].sort((a, b) => Number(a.path === ASSET_MANIFEST) - Number(b.path === ASSET_MANIFEST));
    for (const f of ordered) {
      await mkdir(dirname(join(dir, f.path)), { recursive: true, mode: 0o700 });
      await rename(join(staging, f.path), join(dir, f.path));
    }
  } catch (error) {
    if (createdDir) await rm(dir, { recursive: true, force: true });
    throw withContext(error, `writing assets to ${dir}`);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

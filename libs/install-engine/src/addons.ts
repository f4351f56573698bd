import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { KubernetesObject } from '@kubernetes/client-node';
import { InputError, withContext } from '@strata/errors';
import type { ClusterConnection } from '@strata/k8s';
import { loadK8s } from './load-k8s';

/** The field manager of everything the installer applies to a cluster. */
export const INSTALLER_FIELD_MANAGER = 'strata-installer';

/** Where the rendered add-on manifests live in the asset directory. */
export const ADDON_MANIFESTS_DIR = 'manifests/addons';

/** One rendered add-on manifest file and its objects, in apply order. */
export interface AddonManifest {
  file: string;
  objects: KubernetesObject[];
}

/** Reads `manifests/addons/*.yaml` of an asset directory in file-name order (the apply order). */
export async function readAddonManifests(dir: string): Promise<AddonManifest[]> {
  const folder = join(dir, ADDON_MANIFESTS_DIR);
  let names: string[];
  try {
    names = (await readdir(folder)).filter((n) => n.endsWith('.yaml')).sort();
  } catch (error) {
    throw withContext(error, `reading the add-on manifests in ${folder} (render the assets again with strata create assets)`);
  }
  if (names.length === 0) throw new InputError(`${folder} holds no add-on manifests; render the assets again with strata create assets`);
  return Promise.all(
    names.map(async (name) => {
      const file = join(ADDON_MANIFESTS_DIR, name);
      const docs = parseAllDocuments(await readFile(join(dir, file), 'utf8'));
      const objects: KubernetesObject[] = [];
      for (const doc of Array.isArray(docs) ? docs : [docs]) {
        if (doc.errors.length > 0) throw new InputError(`${file} is not valid YAML: ${doc.errors[0]?.message}`);
        const value = doc.toJS() as KubernetesObject | null;
        if (value) objects.push(value);
      }
      return { file, objects };
    }),
  );
}

/**
 * Applies the cluster's add-ons by server-side apply with the installer's field manager. Safe
 * to repeat (after a crash, on every re-run): objects already as rendered are left unchanged.
 * Returns the number of objects applied.
 */
export async function applyAddons(conn: ClusterConnection, manifests: AddonManifest[], report: (message: string) => void): Promise<number> {
  const { applyManifest } = await loadK8s();
  let applied = 0;
  for (const manifest of manifests) {
    await applyManifest(conn, manifest.objects, { fieldManager: INSTALLER_FIELD_MANAGER, force: true });
    applied += manifest.objects.length;
    report(`applied ${manifest.file} (${manifest.objects.length} objects)`);
  }
  return applied;
}

import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseCluster, type Cluster } from '@strata/cluster-config';
import { readAssetManifest, type AssetManifest } from '@strata/bootstrap';
import { NotFoundError } from '@strata/errors';

/** The cluster whose assets are in `dir`, as rendered (cluster.yaml) with its manifest. */
export async function loadClusterDir(dir: string): Promise<{ cluster: Cluster; manifest: AssetManifest }> {
  const manifest = await readAssetManifest(dir);
  const doc = join(dir, 'cluster.yaml');
  if (!manifest || !existsSync(doc)) {
    throw new NotFoundError(`${dir} holds no Strata cluster (no assets.json and cluster.yaml); pass the --dir used with strata install`);
  }
  return { cluster: parseCluster(await readFile(doc, 'utf8'), { source: doc }), manifest };
}

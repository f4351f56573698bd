import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderClusterAssets, type PlacedMachine, type RenderedAssets } from '@strata/bootstrap';
import { parseCluster, type Cluster } from '@strata/cluster-config';
import { materialize } from '@strata/ignition/testing';

/** A local cluster document on a random loopback /24 (127.100-199.0-249.0/24), so concurrent test runs do not collide. */
export function localCluster(options: { name?: string; controlPlane?: number; workers?: number } = {}): Cluster {
  const a = 100 + Math.floor(Math.random() * 100);
  const b = Math.floor(Math.random() * 250);
  return parseCluster(
    JSON.stringify({
      apiVersion: 'strata.dev/v1alpha1',
      kind: 'Cluster',
      metadata: { name: options.name ?? 'agent' },
      spec: {
        platform: { local: { addressRange: `127.${a}.${b}.0/24` } },
        controlPlane: { replicas: options.controlPlane ?? 1 },
        workers: [{ name: 'default', replicas: options.workers ?? 1, labels: { tier: 'web' }, taints: [] }],
      },
    }),
    { format: 'json' },
  );
}

/** A rendered local cluster whose machines have their Ignition files written into their roots. */
export interface LocalMachines {
  dir: string;
  assets: RenderedAssets;
  controlPlane: PlacedMachine[];
  workers: PlacedMachine[];
  /** Machine name → root directory. */
  roots: Map<string, string>;
  /** Asset directory (pki/, auth/ …) with the admin credentials. */
  assetDir: string;
}

/** Renders `cluster`, writes its asset directory and materializes every machine's Ignition into `<dir>/machines/<name>/root`. */
export async function localMachines(cluster: Cluster): Promise<LocalMachines> {
  const dir = mkdtempSync(join(tmpdir(), 'strata-node-agent-'));
  const assets = await renderClusterAssets(cluster);
  const assetDir = join(dir, 'assets');
  for (const f of assets.files) {
    const path = join(assetDir, f.path);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, f.contents, { mode: f.mode });
  }
  const roots = new Map<string, string>();
  for (const machine of [...assets.topology.controlPlane, ...assets.topology.workers]) {
    const root = join(dir, 'machines', machine.name, 'root');
    const ign = assets.files.find((f) => f.path === `ignition/${machine.name}.ign`);
    if (!ign) throw new Error(`no Ignition config for ${machine.name}`);
    materialize(ign.contents, root);
    roots.set(machine.name, root);
  }
  return { dir, assets, controlPlane: assets.topology.controlPlane, workers: assets.topology.workers, roots, assetDir };
}

import { clusterToYaml, firstServiceIP, type Cluster } from '@strata/cluster-config';
import { generatePki, pkiFiles, type ExistingPki, type PkiBundle } from '@strata/pki';
import { addonManifestFiles, clusterAddons } from './addons';
import { machineIgnition, controlPlaneManifests } from './machine-ignition';
import { topologyOf, type ClusterTopology } from './topology';

/** One file of a cluster's asset directory, relative to it. */
export interface AssetFile {
  path: string;
  contents: string;
  mode: number;
}

export interface RenderedAssets {
  topology: ClusterTopology;
  pki: PkiBundle;
  files: AssetFile[];
}

/**
 * Renders every asset of a cluster, the same for every provider: the defaulted document,
 * PKI and kubeconfigs, each control-plane member's static manifests, the cluster add-ons'
 * manifests and one Ignition config per machine. Pure: nothing is written. Pass `existing` to keep the CAs, keys
 * and certificates of an earlier render.
 */
export async function renderClusterAssets(cluster: Cluster, existing: ExistingPki = {}): Promise<RenderedAssets> {
  const topology = topologyOf(cluster);
  const all = [...topology.controlPlane, ...topology.workers];
  const api = topology.apiEndpoint;
  const pki = await generatePki(
    {
      clusterName: cluster.metadata.name,
      clusterDomain: cluster.spec.networking.clusterDomain,
      firstServiceIP: firstServiceIP(cluster),
      apiServer: {
        url: api.url,
        dnsNames: api.address ? [] : [api.host],
        ipAddresses: api.address ? [api.address] : [],
      },
      // On loopback machines a peer's connection comes from 127.0.0.1, whatever its own
      // address: etcd accepts it when a certificate DNS name resolves to it.
      controlPlane: topology.controlPlane.map((m) => ({ name: m.name, address: m.address, ...(topology.loopback ? { dnsNames: ['localhost'] } : {}) })),
      nodes: all.map((m) => ({ name: m.name, address: m.address })),
      localApiServerPort: api.port,
    },
    existing,
  );
  const files: AssetFile[] = [{ path: 'cluster.yaml', contents: clusterToYaml(cluster), mode: 0o644 }];
  for (const f of pkiFiles(pki)) files.push({ path: f.path, contents: f.contents, mode: f.mode });
  for (const member of topology.controlPlane) {
    for (const m of controlPlaneManifests(cluster, topology, member)) {
      files.push({ path: `manifests/${member.name}/${m.name}`, contents: m.yaml, mode: 0o644 });
    }
  }
  // The cluster add-ons, applied by the installer once the API answers.
  for (const f of addonManifestFiles(clusterAddons(cluster, topology))) files.push({ path: f.path, contents: f.contents, mode: 0o644 });
  for (const machine of all) {
    // Ignition configs carry private keys: readable by the owner only.
    files.push({ path: `ignition/${machine.name}.ign`, contents: machineIgnition(cluster, topology, pki, machine), mode: 0o600 });
  }
  return { topology, pki, files };
}

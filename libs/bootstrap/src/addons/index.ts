/**
 * The add-ons every Strata cluster gets, on every provider the same: cluster DNS (CoreDNS),
 * the service proxy (kube-proxy) and the pod network the document chooses (flannel or
 * Calico). They are rendered as assets (`manifests/addons/`), so they can be read before an
 * install, and applied by the installer once the API answers.
 */
import { stringify } from 'yaml';
import { clusterDnsIP, NODE_POD_CIDR_PREFIX, type Cluster } from '@strata/cluster-config';
import { ADDON_RECORD, type AddonRecordEntry } from '@strata/install-contract';
import { pairedImages } from '../images';
import type { ClusterTopology } from '../topology';
import { ADDON_LABEL, type Addon, type AddonObject } from './addon';
import { calicoAddon, CALICO_BLOCK_SIZE } from './calico';
import { coreDnsAddon } from './coredns';
import { flannelAddon } from './flannel';
import { kubeProxyAddon } from './kube-proxy';

export { ADDON_LABEL, ADDON_NAMES } from './addon';
export type { Addon, AddonName, AddonObject, AddonWorkload } from './addon';
export { corefile } from './coredns';
export { kubeProxyConfiguration } from './kube-proxy';
export { flannelNetConf, FLANNEL_NAMESPACE } from './flannel';
export { CALICO_BLOCK_SIZE } from './calico';

/**
 * The add-ons of a cluster at a Kubernetes version (the document's unless given: an upgrade
 * renders those of its target version), in the order they are applied.
 */
export function clusterAddons(cluster: Cluster, topology: ClusterTopology, kubernetesVersion = cluster.spec.kubernetesVersion): Addon[] {
  const images = pairedImages(kubernetesVersion);
  const net = cluster.spec.networking;
  const network =
    net.network === 'calico'
      ? calicoAddon({
          nodeImage: images['calico-node'],
          cniImage: images['calico-cni'],
          kubeControllersImage: images['calico-kube-controllers'],
          podCIDR: net.podCIDR,
          blockSize: CALICO_BLOCK_SIZE,
        })
      : flannelAddon({ image: images.flannel, cniPluginImage: images['flannel-cni-plugin'], podCIDR: net.podCIDR, nodePrefix: NODE_POD_CIDR_PREFIX });
  return [
    kubeProxyAddon({ kubernetesVersion, apiServerUrl: topology.apiEndpoint.url, clusterCIDR: net.podCIDR, mode: net.proxyMode }),
    network,
    coreDnsAddon({ image: images.coredns, clusterDomain: net.clusterDomain, dnsIP: clusterDnsIP(cluster), replicas: 2 }),
  ];
}

/** The add-on record (`ADDON_RECORD`): which add-ons a cluster has and which workloads make each one ready. */
export function addonRecord(addons: Addon[]): AddonObject {
  const entries: AddonRecordEntry[] = addons.map((a) => ({ name: a.name, version: a.version, workloads: a.workloads }));
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: ADDON_RECORD.name, namespace: ADDON_RECORD.namespace, labels: { [ADDON_LABEL]: 'record' } },
    data: { [ADDON_RECORD.key]: `${JSON.stringify(entries, null, 2)}\n` },
  };
}

/** One manifest file of `manifests/addons/`. */
export interface AddonManifestFile {
  path: string;
  contents: string;
  objects: AddonObject[];
}

/** The add-ons as manifest files, numbered in apply order; the record comes last. */
export function addonManifestFiles(addons: Addon[]): AddonManifestFile[] {
  const files = addons.map((addon, i) => ({ path: `manifests/addons/${String(i + 1).padStart(2, '0')}-${addon.name}.yaml`, objects: addon.objects }));
  files.push({ path: `manifests/addons/${String(addons.length + 1).padStart(2, '0')}-strata-addons.yaml`, objects: [addonRecord(addons)] });
  return files.map((f) => ({ ...f, contents: f.objects.map((o) => stringify(o)).join('---\n') }));
}

export { renderClusterAssets } from './render-assets';
export type { AssetFile, RenderedAssets } from './render-assets';
export { writeAssetDirectory, readAssetManifest, sha256, ASSET_MANIFEST } from './asset-directory';
export type { AssetManifest, WriteResult } from './asset-directory';
export { topologyOf } from './topology';
export type { ClusterTopology, PlacedMachine } from './topology';
export { controlPlaneManifests, machineIgnition, nodeLabels } from './machine-ignition';
export type { RenderedManifest } from './machine-ignition';
export { NodeAgentConfigSchema } from './node-agent-config';
export type { NodeAgentConfig } from './node-agent-config';
export { kubeletConfig, kubeletDownloadUrl, kubeletProviderID, kubeletUnit, FLATCAR_METADATA_SERVICE } from './kubelet';
export { etcdImage, kubernetesImage, imageReference, pairedImages, pairedMinors, minorOf, IMAGE_REGISTRY } from './images';
export type { PinnedImage, PairedImages } from './images';
export {
  clusterAddons,
  addonRecord,
  addonManifestFiles,
  corefile,
  kubeProxyConfiguration,
  flannelNetConf,
  ADDON_LABEL,
  ADDON_NAMES,
  CALICO_BLOCK_SIZE,
  FLANNEL_NAMESPACE,
} from './addons';
export type { Addon, AddonName, AddonObject, AddonWorkload, AddonManifestFile } from './addons';
export { STRATA_OS, osRelease, updateConf, OS_TRUSTED_KEYS, UPDATE_ENGINE_CONFIG } from './os';
export * from './os-image';
export * as machinePaths from './layout';
export { staticPodProcess } from './static-pod-process';
export type { StaticPodProcess } from './static-pod-process';

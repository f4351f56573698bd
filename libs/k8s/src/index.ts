export { kubeConfigFromFile, coreApi } from './connect';
export { readyStatus, listAllNodes, labelNode } from './nodes';

export { ClusterConnection, connectionFromKubeconfig } from './connection';
export type { KubeconfigOptions } from './connection';
export { impersonationHeaders } from './impersonation';
export type { Impersonation } from './impersonation';

export { RESOURCES, resourceByKey, apiVersionOf, resourcePath } from './resources';
export type { ResourceDescription, ResourceKey, PathOptions } from './resources';

export { toStrataError, apiStatusOf, UNREACHABLE_MESSAGE } from './api-errors';
export type { KubernetesStatus } from './api-errors';

export { listPage, listPages, listAll } from './list';
export type { ListOptions, ListAllOptions, ListPage } from './list';

export { getObject, deleteObject, mergePatch, applyObject } from './objects';
export { getObjectYaml, replaceObjectYaml } from './object-yaml';

export { watchResource } from './watch/watch-resource';
export type { WatchEvent, WatchStatus, WatchResourceOptions } from './watch/watch-resource';

export { cordon, uncordon } from './actions/cordon';
export { drain } from './actions/drain';
export type { DrainOptions, DrainResult } from './actions/drain';
export { scale } from './actions/scale';
export type { ScaleResult } from './actions/scale';
export { rolloutRestart, RESTARTED_AT_ANNOTATION } from './actions/rollout-restart';

export { clusterOverview, clusterSummary } from './overview/cluster-overview';
export type { ClusterOverview, ClusterSummary, OverviewOptions } from './overview/cluster-overview';
export type { HealthCheck } from './overview/health-checks';
export type { WarningSummary } from './overview/warnings';

export { applyManifest, ResourceResolver } from './manifests';
export type { ApplyManifestOptions } from './manifests';
export { addonHealth } from './overview/addons';
export type { AddonHealth } from './overview/addons';
export { requestText } from './http-request';
export { parseHealthChecks } from './overview/health-checks';

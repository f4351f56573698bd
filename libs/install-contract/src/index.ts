export { strataHomeFrom, installedClustersDirFrom, installedClusterFileName, INSTALLED_CLUSTERS_FOLDER } from './strata-home';
export { InstalledClusterFileSchema, INSTALLED_CLUSTER_FORMAT_VERSION, parseInstalledCluster, serializeInstalledCluster } from './installed-cluster';
export type { InstalledClusterFile } from './installed-cluster';
export { ProgressEventSchema, progress } from './progress';
export type { ProgressEvent } from './progress';
export { InstallPhaseSchema, InstallConditionSchema, InstallStatusSchema } from './install-status';
export type { InstallPhase, InstallCondition, InstallStatus } from './install-status';
export { ADDON_RECORD, AddonRecordSchema, AddonRecordEntrySchema, AddonWorkloadSchema, parseAddonRecord } from './addon-record';
export type { AddonRecordEntry, AddonWorkloadRef, AddonState } from './addon-record';

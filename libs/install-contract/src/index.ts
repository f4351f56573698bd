export { strataHomeFrom, installedClustersDirFrom, installedClusterFileName, INSTALLED_CLUSTERS_FOLDER } from './strata-home';
export { InstalledClusterFileSchema, INSTALLED_CLUSTER_FORMAT_VERSION, parseInstalledCluster, serializeInstalledCluster } from './installed-cluster';
export type { InstalledClusterFile } from './installed-cluster';
export { ProgressEventSchema, progress } from './progress';
export type { ProgressEvent } from './progress';
export { InstallPhaseSchema, InstallConditionSchema, InstallStatusSchema } from './install-status';
export type { InstallPhase, InstallCondition, InstallStatus } from './install-status';
export { ADDON_RECORD, AddonRecordSchema, AddonRecordEntrySchema, AddonWorkloadSchema, parseAddonRecord } from './addon-record';
export type { AddonRecordEntry, AddonWorkloadRef, AddonState } from './addon-record';
export {
  ROLES,
  USER_HEADER,
  ROLE_HEADER,
  IDEMPOTENCY_HEADER,
  ProblemSchema,
  CredentialFieldSchema,
  CredentialKindSchema,
  ProviderSchema,
  LookupItemSchema,
  LookupRequestSchema,
  DocumentFormatSchema,
  ValidateRequestSchema,
  LicenseVerdictSchema,
  ValidationSchema,
  CreateCredentialSchema,
  CredentialSummarySchema,
  PlanRequestSchema,
  PlanResourceSchema,
  PlanSchema,
  INSTALL_UNTIL,
  CreateInstallSchema,
  INSTALL_STATES,
  FINAL_INSTALL_STATES,
  InstallPhaseViewSchema,
  InstallStepViewSchema,
  InstallMachineViewSchema,
  InstallErrorSchema,
  InstallResultSchema,
  InstallSummarySchema,
  InstallSnapshotSchema,
  InstallEventSchema,
  DestroyRequestSchema,
  applyInstallEvent,
} from './installer-api';
export type {
  Role,
  Provider,
  LookupItem,
  ValidateRequest,
  LicenseVerdict,
  Validation,
  CreateCredential,
  CredentialSummary,
  Plan,
  PlanResource,
  CreateInstall,
  InstallState,
  InstallPhaseView,
  InstallStepView,
  InstallMachineView,
  InstallSummary,
  InstallSnapshot,
  InstallEvent,
} from './installer-api';

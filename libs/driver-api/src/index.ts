export { DRIVER_CONTRACT_VERSION, CLUSTER_TAG, CLUSTER_ID_TAG, STEP_TAG, defineHandler } from './contract';
export type {
  Credential,
  CredentialField,
  CredentialKind,
  CredentialIdentity,
  LookupItem,
  MachineType,
  PriceTable,
  StepCost,
  CatalogCall,
  DriverCatalog,
} from './catalog';
export { HOURS_PER_MONTH, credentialValues, credentialKey, withoutSecrets, costTotal } from './catalog';
export type { Driver, DriverContext, ResourceHandler, StepInputs, StepOutputs, OwnedResource } from './contract';
export { PlanStepSchema, InfraPlanSchema, MachineInfoSchema, ProgressEventSchema, progress } from './schemas';
export type { PlanStep, InfraPlan, MachineInfo, ProgressEvent } from './schemas';
export { Journal } from './journal';
export type { JournalRecord, StepState } from './journal';
export { applyPlan, destroyAll, DEFAULT_CONCURRENCY } from './apply';
export type { ApplyResult, DestroyResult, RunOptions } from './apply';
export { withRetries, isRetryable, DEFAULT_RETRY } from './retry';
export type { RetryOptions } from './retry';
export { clusterTags, stepTags, ownedBy } from './tags';
export { resourceName, platformName, nameRule, NAME_RULES } from './names';
export type { NameRule } from './names';
export { OWNERSHIP_ENCODERS, localOwnership, awsOwnership, azureOwnership, openstackOwnership, ownershipProblems, fitWithHash } from './ownership';
export type { OwnershipMarks, EncodedOwnership, OwnershipEncoder, OwnershipLimits, Platform } from './ownership';
export { DirectoryLock } from './directory-lock';
export { assetsContext, contextFromRef, contextRef } from './context-ref';
export type { DriverContextRef } from './context-ref';

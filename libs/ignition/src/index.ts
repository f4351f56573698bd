// Public API of @strata/ignition: browser-safe (no Node.js modules). The Node-only
// helper that applies a config with the real Ignition binary lives in
// src/node/apply-ignition.ts and is deliberately not exported here.
export { IGNITION_SPEC_VERSION } from './spec-version';
export type { IgnitionSpecVersion } from './spec-version';
export { IgnitionBuilder, DEFAULT_FILE_MODE, DEFAULT_DIRECTORY_MODE } from './builder';
export type { DirectoryInput, DropinInput, FileInput, LinkInput, OwnerInput, UnitInput, UserInput } from './builder-input';
export {
  ignitionConfigSchema,
  ignitionDirectorySchema,
  ignitionDropinSchema,
  ignitionFileSchema,
  ignitionLinkSchema,
  ignitionUnitSchema,
  ignitionUserSchema,
  nodeOwnerSchema,
} from './config-schema';
export type {
  IgnitionConfig,
  IgnitionDirectory,
  IgnitionDropin,
  IgnitionFile,
  IgnitionLink,
  IgnitionNodeOwner,
  IgnitionUnit,
  IgnitionUser,
} from './config-schema';
export { parseIgnition } from './parse';
export { fileContents } from './file-contents';
export { encodeDataUrl, decodeDataUrl } from './encoding/data-url';
export { REMOTE_SOURCE_SCHEMES, UNIT_SUFFIXES } from './rules';

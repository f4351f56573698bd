export { WORKSPACE_ROOT, pinnedVersions, cacheDir, binaryPath } from './pinned';
export type { PinnedVersions, PinnedBinary } from './pinned';
export { findFreePort, findFreePorts } from './ports';
export { ProcessGroup } from './process-group';
export type { SpawnSpec, ManagedProcess } from './process-group';
export { isProcessRunning } from './process-state';
export { bundledCommand, compileCacheDir, ensureBundle, projectNode, runBundled } from './bundle';
export type { BundleSpec } from './bundle';

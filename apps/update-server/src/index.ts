export { startUpdateServer, defaultDataDir, tokenFileOf, DEFAULT_PORT } from './server';
export type { UpdateServerOptions, RunningUpdateServer } from './server';
export { compareVersions } from './versions';
export { DEFAULT_POLICY, type Policy } from './policy';
export { DEFAULT_APP } from './admin';
export type { StatusReport } from './admin';

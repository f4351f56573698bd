export { startInstallerService, defaultDataDir, dataFiles, DEFAULT_PORT } from './server';
export type { InstallerServiceOptions, RunningInstallerService } from './server';

export { startControlPlane, withControlPlane } from './control-plane';
export type { TestControlPlane, StartOptions } from './control-plane';
export { makeThrowawayTls } from './tls';
export type { ThrowawayTls } from './tls';
export { httpsGet, waitForOk } from './https-get';
export type { ClientTls } from './https-get';
export { recordProcess, forgetProcess, sweepRecordedProcesses, isAlive, registryDir } from './process-registry';
export { installLocalCluster, strataBin } from './local-cluster';
export type { TestLocalCluster } from './local-cluster';

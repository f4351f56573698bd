export { localDriver } from './local-driver';
export { localPaths, expandHome } from './paths';
export type { LocalPaths } from './paths';
export { apiGet, waitForApi } from './api-ready';
export { processesWith, stopProcessesWith } from './processes';
export { POD_LIFECYCLE_SELECTOR } from './handlers/kwok';

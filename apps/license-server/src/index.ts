export { startServer, bootstrapAdmin, SERVER_VERSION } from './server';
export type { RunningServer, StartupNotice } from './server';
export { resolveConfig, DEFAULT_PORT, DEFAULT_DATA_DIR } from './config';
export type { ServerConfig, ServerFlags } from './config';
export { buildApp } from './http/app';
export type { AppOptions } from './http/app';
export { openDatabase, DEFAULT_SQLITE_PATH } from './db/open-database';
export type { Database, Queryable } from '@strata/sql';

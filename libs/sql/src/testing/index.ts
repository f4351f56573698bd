/** Test helpers for code that stores data through @strata/sql: throwaway SQLite and PostgreSQL databases. */
export { asTestAdmin, createThrowawayDatabase, DIALECTS, TEST_PG_URL } from './throwaway-database';
export type { ThrowawayDatabase } from './throwaway-database';

export type { Database, Queryable, Dialect, SqlValue, Row } from './database';
export { SqliteDatabase } from './sqlite-database';
export { toSqlitePlaceholders } from './sqlite-placeholders';
export { PostgresDatabase, redactUrl } from './postgres-database';
export type { PostgresDatabaseOptions } from './postgres-database';
export { runMigrations, migrated } from './migrations';
export type { Migration, MigrationOptions } from './migrations';
export { isUniqueViolation } from './unique-violation';

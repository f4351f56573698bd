import type { Database, Dialect, Queryable } from './database';

/** One schema change. Versions are applied in order, each exactly once, in a transaction. */
export interface Migration {
  version: number;
  name: string;
  /** Statements in portable SQL, or per dialect where the dialects differ. */
  statements: readonly string[] | Readonly<Record<Dialect, readonly string[]>>;
}

/** Options of {@link runMigrations}. */
export interface MigrationOptions {
  /**
   * The program that owns the schema, named when the database is newer than it knows:
   * `license server`, `console`.
   */
  owner: string;
  /**
   * The PostgreSQL advisory lock key that makes concurrent starts of `owner` migrate one
   * at a time. Any 64-bit number, distinct for each schema that may share a database.
   */
  lockId: number;
  /** The bookkeeping table of applied versions; default `schema_migrations`. */
  table?: string;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/**
 * Brings the schema up to date and returns the versions it applied, in order. Everything
 * runs in one transaction, so a failing statement leaves the schema as it was. Refuses to
 * run against a database migrated by a newer `owner`, whose schema this code does not know.
 */
export async function runMigrations(db: Database, migrations: readonly Migration[], options: MigrationOptions): Promise<number[]> {
  const table = options.table ?? 'schema_migrations';
  // The name is spliced into the SQL, so only a plain identifier will do.
  if (!IDENTIFIER.test(table)) throw new Error(`migration table name "${table}" must match ${IDENTIFIER}`);
  return db.transaction(async (tx: Queryable) => {
    // Lock first, then create the bookkeeping table: concurrent CREATE TABLE IF NOT EXISTS races on PostgreSQL.
    if (db.dialect === 'postgres') await tx.query('SELECT pg_advisory_xact_lock($1)', [options.lockId]);
    await tx.run(`CREATE TABLE IF NOT EXISTS ${table} (
      version INTEGER PRIMARY KEY,
      name TEXT NOT NULL,
      applied_at BIGINT NOT NULL
    )`);
    const applied = new Set((await tx.query<{ version: number }>(`SELECT version FROM ${table}`)).map((r) => Number(r.version)));
    const newest = Math.max(0, ...migrations.map((m) => m.version));
    const unknown = [...applied].filter((v) => v > newest);
    if (unknown.length > 0) {
      const { owner } = options;
      throw new Error(`the ${owner} database schema is at version ${Math.max(...unknown)}, newer than this ${owner} knows (${newest}); run a newer ${owner}`);
    }
    const done: number[] = [];
    for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
      if (applied.has(migration.version)) continue;
      const statements = 'sqlite' in migration.statements ? migration.statements[db.dialect] : migration.statements;
      for (const statement of statements) await tx.run(statement);
      await tx.run(`INSERT INTO ${table} (version, name, applied_at) VALUES ($1, $2, $3)`, [migration.version, migration.name, Date.now()]);
      done.push(migration.version);
    }
    return done;
  });
}

/**
 * `db` once `migrate` has brought its schema up to date. When migrating fails the database is
 * closed again before the error is thrown, so a refused start leaves no pool or file handle open.
 */
export async function migrated<D extends Database>(db: D, migrate: (db: D) => Promise<unknown>): Promise<D> {
  try {
    await migrate(db);
  } catch (error) {
    await db.close().catch(() => undefined);
    throw error;
  }
  return db;
}

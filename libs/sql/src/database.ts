/** A value bound to a `$n` placeholder. */
export type SqlValue = string | number | null;

/** One result row, columns by name. */
export type Row = Record<string, unknown>;

/** The SQL dialects a {@link Database} can speak. */
export type Dialect = 'sqlite' | 'postgres';

/**
 * What repositories and stores need from a database. SQL is written once with
 * PostgreSQL-style `$1` placeholders and portable constructs (TEXT, BIGINT, INTEGER,
 * ON CONFLICT, RETURNING); the SQLite implementation translates the placeholders.
 */
export interface Queryable {
  /** Runs a statement that returns rows (SELECT, or anything with RETURNING). */
  query<T = Row>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  /** Runs a statement for its effect and returns how many rows it changed. */
  run(sql: string, params?: readonly SqlValue[]): Promise<{ changes: number }>;
}

/** A connection (or pool) to one database. */
export interface Database extends Queryable {
  readonly dialect: Dialect;
  /** A redacted description of where the data lives, for logs. */
  readonly description: string;
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** A value bound to a `$n` placeholder. */
export type SqlValue = string | number | null;

/** One result row, columns by name. */
export type Row = Record<string, unknown>;

/**
 * What the console's stores need from a database. SQL is written once with PostgreSQL-style
 * `$1` placeholders and portable constructs (TEXT, BIGINT, INTEGER, ON CONFLICT, RETURNING);
 * the SQLite implementation translates the placeholders.
 */
export interface Queryable {
  /** Runs a statement that returns rows (SELECT, or anything with RETURNING). */
  query<T = Row>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  /** Runs a statement for its effect and returns how many rows it changed. */
  run(sql: string, params?: readonly SqlValue[]): Promise<{ changes: number }>;
}

/** The SQL dialects the console runs on. */
export type Dialect = 'sqlite' | 'postgres';

/** A connection (pool) to the console's database. */
export interface Database extends Queryable {
  readonly dialect: Dialect;
  /** A redacted description of where the data lives, for logs. */
  readonly description: string;
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Whether `error` is a unique-constraint violation, in either dialect. */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (code === '23505') return true; // PostgreSQL unique_violation
  return typeof message === 'string' && message.includes('UNIQUE constraint failed');
}

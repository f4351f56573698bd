import { runMigrations, type Database, type Migration } from '@strata/sql';

/**
 * The schema history. Never edit a released migration; append a new one. Times are epoch
 * milliseconds (BIGINT), lists are JSON text, ids are prefixed random strings, so one set of
 * statements fits both SQLite and PostgreSQL.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'customers, subscriptions, licenses, activations, usage reports, admin access',
    statements: [
      `CREATE TABLE customers (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        email TEXT,
        created_at BIGINT NOT NULL
      )`,
      `CREATE TABLE subscriptions (
        id TEXT PRIMARY KEY,
        customer_id TEXT NOT NULL REFERENCES customers (id),
        plan TEXT NOT NULL,
        nodes INTEGER NOT NULL,
        features TEXT NOT NULL,
        starts_at BIGINT NOT NULL,
        ends_at BIGINT NOT NULL,
        grace_days INTEGER NOT NULL,
        status TEXT NOT NULL,
        created_at BIGINT NOT NULL
      )`,
      'CREATE INDEX subscriptions_by_customer ON subscriptions (customer_id)',
      `CREATE TABLE licenses (
        id TEXT PRIMARY KEY,
        customer_id TEXT NOT NULL REFERENCES customers (id),
        subscription_id TEXT REFERENCES subscriptions (id),
        kid TEXT NOT NULL,
        token TEXT NOT NULL,
        plan TEXT NOT NULL,
        nodes INTEGER NOT NULL,
        features TEXT NOT NULL,
        issued_at BIGINT NOT NULL,
        not_before BIGINT NOT NULL,
        expires_at BIGINT NOT NULL,
        grace_days INTEGER NOT NULL,
        revoked_at BIGINT,
        revoke_reason TEXT,
        over_limit_since BIGINT
      )`,
      'CREATE INDEX licenses_by_customer ON licenses (customer_id)',
      `CREATE TABLE activations (
        cluster_id TEXT PRIMARY KEY,
        license_id TEXT NOT NULL REFERENCES licenses (id),
        activated_at BIGINT NOT NULL,
        last_seen_at BIGINT NOT NULL
      )`,
      'CREATE INDEX activations_by_license ON activations (license_id)',
      `CREATE TABLE usage_reports (
        report_id TEXT PRIMARY KEY,
        cluster_id TEXT NOT NULL,
        license_id TEXT,
        nodes INTEGER NOT NULL,
        observed_at BIGINT NOT NULL,
        received_at BIGINT NOT NULL
      )`,
      'CREATE INDEX usage_reports_by_cluster ON usage_reports (cluster_id, observed_at, report_id)',
      `CREATE TABLE admin_tokens (
        id TEXT PRIMARY KEY,
        token_hash TEXT NOT NULL UNIQUE,
        label TEXT NOT NULL,
        created_at BIGINT NOT NULL
      )`,
      `CREATE TABLE admin_sessions (
        id_hash TEXT PRIMARY KEY,
        csrf_token TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        expires_at BIGINT NOT NULL
      )`,
    ],
  },
  {
    version: 2,
    name: 'activation secrets; usage reports ordered by arrival',
    statements: [
      // Only the SHA-256 of each activation secret is kept; activations made before this
      // migration have none and must activate again before their reports are accepted.
      'ALTER TABLE activations ADD COLUMN secret_hash TEXT',
      // A per-cluster arrival counter: the current count is the report that arrived last,
      // whatever clock the reporter claims (observed_at is the reporter's word only).
      'ALTER TABLE usage_reports ADD COLUMN arrival_seq BIGINT',
      `UPDATE usage_reports SET arrival_seq = (
        SELECT COUNT(*) FROM usage_reports u
        WHERE u.cluster_id = usage_reports.cluster_id
          AND (u.received_at < usage_reports.received_at OR (u.received_at = usage_reports.received_at AND u.report_id <= usage_reports.report_id)))`,
      'CREATE INDEX usage_reports_by_arrival ON usage_reports (cluster_id, arrival_seq)',
    ],
  },
];

/** Any 64-bit number, so concurrent server starts on one PostgreSQL database migrate one at a time. */
const MIGRATION_LOCK_ID = 4100_2026;

/**
 * Brings the license server's schema up to date and returns the versions it applied.
 * Refuses to run against a database migrated by a newer license server.
 */
export function migrate(db: Database, migrations: readonly Migration[] = MIGRATIONS): Promise<number[]> {
  return runMigrations(db, migrations, { owner: 'license server', lockId: MIGRATION_LOCK_ID });
}

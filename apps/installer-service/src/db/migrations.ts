import { runMigrations, type Database, type Migration } from '@strata/sql';

const SCHEMA_V1 = [
  `CREATE TABLE credentials (
    id TEXT PRIMARY KEY,
    platform TEXT NOT NULL,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    identity TEXT NOT NULL,
    sealed TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    verified_at BIGINT NOT NULL
  )`,
  `CREATE TABLE plans (
    id TEXT PRIMARY KEY,
    document_hash TEXT NOT NULL,
    body TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at BIGINT NOT NULL
  )`,
  `CREATE TABLE installs (
    id TEXT PRIMARY KEY,
    cluster TEXT NOT NULL,
    platform TEXT NOT NULL,
    state TEXT NOT NULL,
    operation TEXT NOT NULL,
    document TEXT NOT NULL,
    format TEXT NOT NULL,
    credential_id TEXT,
    license TEXT,
    snapshot TEXT NOT NULL,
    last_seq INTEGER NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
  )`,
  'CREATE INDEX installs_by_cluster ON installs (cluster, state)',
  `CREATE TABLE install_events (
    install_id TEXT NOT NULL REFERENCES installs (id),
    seq INTEGER NOT NULL,
    type TEXT NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (install_id, seq)
  )`,
  `CREATE TABLE idempotency_keys (
    key TEXT PRIMARY KEY,
    body_hash TEXT NOT NULL,
    install_id TEXT NOT NULL REFERENCES installs (id),
    created_by TEXT NOT NULL,
    created_at BIGINT NOT NULL
  )`,
  `CREATE TABLE audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at BIGINT NOT NULL,
    username TEXT NOT NULL,
    role TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT NOT NULL,
    outcome TEXT NOT NULL
  )`,
  'CREATE INDEX audit_by_time ON audit (at)',
];

/**
 * The schema history. Never edit a released migration; append a new one. Times are epoch
 * milliseconds, bodies (snapshots, events, plans, identities) JSON text.
 */
export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'credentials, plans, installs, install events, idempotency keys, audit', statements: SCHEMA_V1 },
  {
    version: 2,
    name: 'the platform settings a credential is verified in',
    statements: ["ALTER TABLE credentials ADD COLUMN platform_settings TEXT NOT NULL DEFAULT '{}'"],
  },
];

/** Brings the installer service's schema up to date. */
export function migrate(db: Database): Promise<number[]> {
  return runMigrations(db, MIGRATIONS, { owner: 'installer service', lockId: 0x1e57_a11e, table: 'installer_schema_migrations' });
}

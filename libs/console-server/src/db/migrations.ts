import { runMigrations, type Database, type Migration } from '@strata/sql';

/** An auto-incrementing integer key, which the two dialects spell differently. */
const serialKey = { sqlite: 'id INTEGER PRIMARY KEY AUTOINCREMENT', postgres: 'id BIGSERIAL PRIMARY KEY' };

function perDialect(build: (key: string) => readonly string[]): Migration['statements'] {
  return { sqlite: build(serialKey.sqlite), postgres: build(serialKey.postgres) };
}

/**
 * The schema history. Never edit a released migration; append a new one. Times are epoch
 * milliseconds (BIGINT) and ids are prefixed random strings, so one set of statements fits
 * both SQLite and PostgreSQL (except auto-incrementing keys).
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'users, sessions, clusters, license state, usage samples, audit log',
    statements: perDialect((key) => [
      `CREATE TABLE users (
        id TEXT PRIMARY KEY,
        username TEXT NOT NULL UNIQUE,
        role TEXT NOT NULL,
        password_hash TEXT,
        oidc_issuer TEXT,
        oidc_subject TEXT,
        display_name TEXT,
        email TEXT,
        created_at BIGINT NOT NULL,
        last_login_at BIGINT
      )`,
      'CREATE UNIQUE INDEX users_by_oidc_identity ON users (oidc_issuer, oidc_subject)',
      `CREATE TABLE sessions (
        token_hash TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        csrf_token TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        expires_at BIGINT NOT NULL
      )`,
      'CREATE INDEX sessions_by_user ON sessions (user_id)',
      'CREATE INDEX sessions_by_expiry ON sessions (expires_at)',
      `CREATE TABLE clusters (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        source TEXT NOT NULL,
        server TEXT NOT NULL,
        install_id TEXT UNIQUE,
        install_dir TEXT,
        kubeconfig_sealed TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL
      )`,
      `CREATE TABLE license_state (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        token TEXT,
        installed_at BIGINT,
        over_limit_since BIGINT
      )`,
      'INSERT INTO license_state (id) VALUES (1)',
      `CREATE TABLE usage_samples (
        ${key},
        at BIGINT NOT NULL,
        nodes INTEGER NOT NULL,
        allowed INTEGER NOT NULL
      )`,
      'CREATE INDEX usage_samples_by_time ON usage_samples (at)',
      `CREATE TABLE audit_log (
        ${key},
        at BIGINT NOT NULL,
        username TEXT NOT NULL,
        action TEXT NOT NULL,
        target TEXT NOT NULL,
        outcome TEXT NOT NULL,
        detail TEXT
      )`,
      'CREATE INDEX audit_log_by_user ON audit_log (username, id)',
    ]),
  },
  {
    version: 2,
    name: 'installer wizard drafts',
    statements: perDialect(() => [
      // A draft holds the Cluster document text and at most the id of a stored credential,
      // never a credential's values: those go to the installer service only.
      `CREATE TABLE wizard_drafts (
        id TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        step TEXT NOT NULL,
        document TEXT NOT NULL,
        credential_id TEXT,
        created_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL
      )`,
      'CREATE INDEX wizard_drafts_by_user ON wizard_drafts (user_id, updated_at)',
    ]),
  },
];

/** Any 64-bit number, so console replicas starting at once on one PostgreSQL database migrate one at a time. */
const MIGRATION_LOCK_ID = 4100_2027;

/**
 * Brings the console's schema up to date and returns the versions it applied. Refuses to
 * run against a database migrated by a newer console.
 */
export function migrate(db: Database, migrations: readonly Migration[] = MIGRATIONS): Promise<number[]> {
  return runMigrations(db, migrations, { owner: 'console', lockId: MIGRATION_LOCK_ID });
}

import { runMigrations, type Database, type Migration } from '@strata/sql';

const SERIAL = { sqlite: 'INTEGER PRIMARY KEY AUTOINCREMENT', postgres: 'BIGSERIAL PRIMARY KEY' } as const;

function schemaV1(dialect: 'sqlite' | 'postgres'): string[] {
  const id = SERIAL[dialect];
  return [
    `CREATE TABLE applications (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      created_at BIGINT NOT NULL
    )`,
    `CREATE TABLE packages (
      app_id TEXT NOT NULL REFERENCES applications (id),
      version TEXT NOT NULL,
      name TEXT NOT NULL,
      file TEXT UNIQUE,
      url TEXT,
      size BIGINT NOT NULL,
      sha1 TEXT NOT NULL,
      sha256 TEXT NOT NULL,
      extra_files TEXT NOT NULL,
      created_at BIGINT NOT NULL,
      PRIMARY KEY (app_id, version)
    )`,
    `CREATE TABLE channels (
      app_id TEXT NOT NULL REFERENCES applications (id),
      name TEXT NOT NULL,
      version TEXT,
      updated_at BIGINT NOT NULL,
      PRIMARY KEY (app_id, name)
    )`,
    `CREATE TABLE channel_floors (
      app_id TEXT NOT NULL,
      channel TEXT NOT NULL,
      version TEXT NOT NULL,
      PRIMARY KEY (app_id, channel, version)
    )`,
    `CREATE TABLE update_groups (
      app_id TEXT NOT NULL REFERENCES applications (id),
      name TEXT NOT NULL,
      channel TEXT NOT NULL,
      policy TEXT NOT NULL,
      paused_reason TEXT,
      failures_since BIGINT NOT NULL,
      updated_at BIGINT NOT NULL,
      PRIMARY KEY (app_id, name)
    )`,
    `CREATE TABLE instances (
      app_id TEXT NOT NULL,
      machine_id TEXT NOT NULL,
      group_name TEXT,
      track TEXT NOT NULL,
      version TEXT NOT NULL,
      oem TEXT NOT NULL,
      boot_id TEXT NOT NULL,
      status TEXT NOT NULL,
      status_at BIGINT NOT NULL,
      granted_version TEXT,
      granted_at BIGINT,
      last_check_at BIGINT NOT NULL,
      created_at BIGINT NOT NULL,
      PRIMARY KEY (app_id, machine_id)
    )`,
    'CREATE INDEX instances_by_group ON instances (app_id, group_name, status)',
    `CREATE TABLE instance_history (
      id ${id},
      app_id TEXT NOT NULL,
      machine_id TEXT NOT NULL,
      status TEXT NOT NULL,
      version TEXT NOT NULL,
      granted_version TEXT,
      at BIGINT NOT NULL
    )`,
    'CREATE INDEX instance_history_by_instance ON instance_history (app_id, machine_id, at)',
    `CREATE TABLE events (
      id ${id},
      app_id TEXT NOT NULL,
      machine_id TEXT NOT NULL,
      group_name TEXT,
      type INTEGER NOT NULL,
      result INTEGER NOT NULL,
      error_code BIGINT,
      error_base INTEGER,
      error_flags TEXT,
      error_name TEXT,
      previous_version TEXT,
      version TEXT NOT NULL,
      target_version TEXT,
      at BIGINT NOT NULL
    )`,
    'CREATE INDEX events_by_group ON events (app_id, group_name, type, result, at)',
    'CREATE INDEX events_by_instance ON events (app_id, machine_id, at)',
    `CREATE TABLE grants (
      id ${id},
      app_id TEXT NOT NULL,
      group_name TEXT NOT NULL,
      machine_id TEXT NOT NULL,
      version TEXT NOT NULL,
      at BIGINT NOT NULL
    )`,
    'CREATE INDEX grants_by_group ON grants (app_id, group_name, at)',
    'CREATE INDEX grants_by_version ON grants (app_id, group_name, version)',
    `CREATE TABLE activity (
      id ${id},
      app_id TEXT NOT NULL,
      group_name TEXT,
      kind TEXT NOT NULL,
      severity TEXT NOT NULL,
      version TEXT,
      message TEXT NOT NULL,
      at BIGINT NOT NULL
    )`,
    'CREATE INDEX activity_by_time ON activity (at)',
  ];
}

/**
 * The schema history. Never edit a released migration; append a new one. Times are epoch
 * milliseconds (BIGINT), policies and lists are JSON text, so one set of statements fits
 * SQLite and PostgreSQL but for the serial ids.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'applications, packages, channels, groups, instances, events, grants, activity',
    statements: { sqlite: schemaV1('sqlite'), postgres: schemaV1('postgres') },
  },
];

/** Brings the update server's schema up to date. */
export function migrate(db: Database): Promise<number[]> {
  return runMigrations(db, MIGRATIONS, { owner: 'update server', lockId: 0x5570_da7e, table: 'update_schema_migrations' });
}

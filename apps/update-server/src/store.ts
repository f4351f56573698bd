import type { Database, Queryable, Row, SqlValue } from '@strata/sql';
import { readPolicy, type Policy } from './policy';
import type { Activity, Application, Channel, Group, Instance, InstanceStatus, Package, StoredEvent } from './model';

const num = (v: unknown): number => Number(v);
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

export function toPackage(r: Row): Package {
  return {
    appId: String(r['app_id']),
    version: String(r['version']),
    name: String(r['name']),
    file: strOrNull(r['file']),
    url: strOrNull(r['url']),
    size: num(r['size']),
    sha1Base64: String(r['sha1']),
    sha256Base64: String(r['sha256']),
    extraFiles: JSON.parse(String(r['extra_files'])) as Package['extraFiles'],
    createdAt: num(r['created_at']),
  };
}

export function toGroup(r: Row): Group {
  return {
    appId: String(r['app_id']),
    name: String(r['name']),
    channel: String(r['channel']),
    policy: readPolicy(String(r['policy'])),
    pausedReason: strOrNull(r['paused_reason']),
    failuresSince: num(r['failures_since']),
    updatedAt: num(r['updated_at']),
  };
}

export function toInstance(r: Row): Instance {
  return {
    appId: String(r['app_id']),
    machineId: String(r['machine_id']),
    group: strOrNull(r['group_name']),
    track: String(r['track']),
    version: String(r['version']),
    oem: String(r['oem']),
    bootId: String(r['boot_id']),
    status: String(r['status']) as InstanceStatus,
    statusAt: num(r['status_at']),
    grantedVersion: strOrNull(r['granted_version']),
    grantedAt: numOrNull(r['granted_at']),
    lastCheckAt: num(r['last_check_at']),
    createdAt: num(r['created_at']),
  };
}

export function toEvent(r: Row): StoredEvent {
  const base = numOrNull(r['error_base']);
  return {
    id: num(r['id']),
    appId: String(r['app_id']),
    machineId: String(r['machine_id']),
    group: strOrNull(r['group_name']),
    type: num(r['type']),
    result: num(r['result']),
    errorCode: numOrNull(r['error_code']),
    error: base === null ? null : { code: base, name: strOrNull(r['error_name']), flags: JSON.parse(String(r['error_flags'] ?? '[]')) as string[] },
    previousVersion: strOrNull(r['previous_version']),
    version: String(r['version']),
    targetVersion: strOrNull(r['target_version']),
    at: num(r['at']),
  };
}

export function toActivity(r: Row): Activity {
  return {
    id: num(r['id']),
    appId: String(r['app_id']),
    group: strOrNull(r['group_name']),
    kind: String(r['kind']),
    severity: String(r['severity']) as Activity['severity'],
    version: strOrNull(r['version']),
    message: String(r['message']),
    at: num(r['at']),
  };
}

/** Everything the update check reads on every request, loaded at once and cached. */
export interface Snapshot {
  apps: Map<string, Application>;
  /** By `appId \0 version`. */
  packages: Map<string, Package>;
  /** By `file` (`<version>/<name>`), for downloads. */
  files: Map<string, Package>;
  /** By `appId \0 name`. */
  channels: Map<string, Channel>;
  /** By `appId \0 name`. */
  groups: Map<string, Group>;
}

export const key = (appId: string, name: string): string => `${appId}\u0000${name}`;

/** Loads the configuration half of the data: applications, packages, channels with floors, groups. */
export async function loadSnapshot(db: Queryable): Promise<Snapshot> {
  const [apps, packages, channels, floors, groups] = await Promise.all([
    db.query('SELECT id, name FROM applications'),
    db.query('SELECT * FROM packages'),
    db.query('SELECT * FROM channels'),
    db.query('SELECT * FROM channel_floors'),
    db.query('SELECT * FROM update_groups'),
  ]);
  const snap: Snapshot = { apps: new Map(), packages: new Map(), files: new Map(), channels: new Map(), groups: new Map() };
  for (const r of apps) snap.apps.set(String(r['id']), { id: String(r['id']), name: String(r['name']) });
  for (const r of packages) {
    const pkg = toPackage(r);
    snap.packages.set(key(pkg.appId, pkg.version), pkg);
    if (pkg.file) snap.files.set(pkg.file, pkg);
  }
  for (const r of channels) {
    const channel: Channel = {
      appId: String(r['app_id']),
      name: String(r['name']),
      version: strOrNull(r['version']),
      floors: [],
      updatedAt: num(r['updated_at']),
    };
    snap.channels.set(key(channel.appId, channel.name), channel);
  }
  for (const r of floors) snap.channels.get(key(String(r['app_id']), String(r['channel'])))?.floors.push(String(r['version']));
  for (const r of groups) {
    const group = toGroup(r);
    snap.groups.set(key(group.appId, group.name), group);
  }
  return snap;
}

/** The group row, locked for the rest of the transaction on PostgreSQL (SQLite's write transaction already excludes every other writer). */
export async function lockGroup(tx: Queryable, dialect: Database['dialect'], appId: string, name: string): Promise<Group | undefined> {
  const rows = await tx.query(`SELECT * FROM update_groups WHERE app_id = $1 AND name = $2${dialect === 'postgres' ? ' FOR UPDATE' : ''}`, [appId, name]);
  return rows[0] ? toGroup(rows[0]) : undefined;
}

export async function getInstance(db: Queryable, appId: string, machineId: string): Promise<Instance | undefined> {
  const rows = await db.query('SELECT * FROM instances WHERE app_id = $1 AND machine_id = $2', [appId, machineId]);
  return rows[0] ? toInstance(rows[0]) : undefined;
}

export async function addActivity(
  db: Queryable,
  entry: { appId: string; group: string | null; kind: string; severity: Activity['severity']; version: string | null; message: string; at: number },
): Promise<void> {
  await db.run('INSERT INTO activity (app_id, group_name, kind, severity, version, message, at) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
    entry.appId,
    entry.group,
    entry.kind,
    entry.severity,
    entry.version,
    entry.message,
    entry.at,
  ]);
}

export async function addHistory(
  db: Queryable,
  inst: Pick<Instance, 'appId' | 'machineId' | 'status' | 'version' | 'grantedVersion'>,
  at: number,
): Promise<void> {
  await db.run('INSERT INTO instance_history (app_id, machine_id, status, version, granted_version, at) VALUES ($1, $2, $3, $4, $5, $6)', [
    inst.appId,
    inst.machineId,
    inst.status,
    inst.version,
    inst.grantedVersion,
    at,
  ]);
}

/** Writes a whole instance row (insert or replace). */
export async function saveInstance(db: Queryable, inst: Instance): Promise<void> {
  await db.run(
    `INSERT INTO instances (app_id, machine_id, group_name, track, version, oem, boot_id, status, status_at, granted_version, granted_at, last_check_at, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
     ON CONFLICT (app_id, machine_id) DO UPDATE SET group_name = excluded.group_name, track = excluded.track, version = excluded.version,
       oem = excluded.oem, boot_id = excluded.boot_id, status = excluded.status, status_at = excluded.status_at,
       granted_version = excluded.granted_version, granted_at = excluded.granted_at, last_check_at = excluded.last_check_at`,
    [
      inst.appId,
      inst.machineId,
      inst.group,
      inst.track,
      inst.version,
      inst.oem,
      inst.bootId,
      inst.status,
      inst.statusAt,
      inst.grantedVersion,
      inst.grantedAt,
      inst.lastCheckAt,
      inst.createdAt,
    ],
  );
}

/** What an update check or ping tells about a machine, written in batches. */
export interface Touch {
  appId: string;
  machineId: string;
  group: string | null;
  track: string;
  version: string;
  oem: string;
  bootId: string;
  at: number;
  /** The check was held back by the group's policy: the instance shows `on-hold` unless it is updating. */
  onHold: boolean;
}

/** Most touches written by one statement; a larger group commit takes several, in one transaction. */
const TOUCH_CHUNK = 512;

type ColumnType = 'text' | 'bigint';

/**
 * The rows of a batch as one JSON parameter, unpacked by the database (`json_each` on SQLite,
 * `json_to_recordset` on PostgreSQL): one statement text for any number of rows, so SQLite
 * prepares it once and PostgreSQL parses a single short parameter instead of thousands, and a
 * batch is one round trip however many rows it has.
 */
function jsonRows(dialect: Database['dialect'], columns: ReadonlyArray<readonly [string, ColumnType]>, param = '$1'): string {
  if (dialect === 'postgres') return `SELECT * FROM json_to_recordset(${param}::json) AS t (${columns.map(([c, type]) => `${c} ${type}`).join(', ')})`;
  // "WHERE true" tells SQLite's parser that an ON CONFLICT clause belongs to the INSERT, not to a join.
  return `SELECT ${columns.map(([c]) => `value ->> '${c}'`).join(', ')} FROM json_each(${param}) WHERE true`;
}

const INSTANCE_COLUMNS = [
  ['app_id', 'text'],
  ['machine_id', 'text'],
  ['group_name', 'text'],
  ['track', 'text'],
  ['version', 'text'],
  ['oem', 'text'],
  ['boot_id', 'text'],
  ['status', 'text'],
  ['status_at', 'bigint'],
  ['granted_version', 'text'],
  ['granted_at', 'bigint'],
  ['last_check_at', 'bigint'],
  ['created_at', 'bigint'],
] as const;

/** What a touch writes: an instance row without its grant. */
const TOUCH_COLUMNS = INSTANCE_COLUMNS.filter(([c]) => c !== 'granted_version' && c !== 'granted_at');

/**
 * Records update checks of many machines: creates unknown instances, refreshes version,
 * track, group and last check time of known ones, and marks held ones `on-hold` unless they
 * are updating. A touch older than the row's last change (an event or grant written after
 * the check) leaves the row alone. Rows are written in key order, so two servers writing
 * overlapping batches to one PostgreSQL database lock them in the same order; a batch of
 * more than one statement is one transaction, so it costs one commit.
 */
export async function writeTouches(db: Database, touches: Touch[]): Promise<void> {
  const sorted = [...touches].sort((a, b) => compareKeys(a, b));
  const statement = `INSERT INTO instances (${TOUCH_COLUMNS.map(([c]) => c).join(', ')})
     ${jsonRows(db.dialect, TOUCH_COLUMNS)}
     ON CONFLICT (app_id, machine_id) DO UPDATE SET group_name = excluded.group_name, track = excluded.track, version = excluded.version,
       oem = excluded.oem, boot_id = excluded.boot_id, last_check_at = excluded.last_check_at,
       status = CASE WHEN ${HELD} THEN 'on-hold' ELSE instances.status END,
       status_at = CASE WHEN ${HELD} THEN excluded.status_at ELSE instances.status_at END
     WHERE instances.last_check_at <= excluded.last_check_at`;
  const chunks: Touch[][] = [];
  for (let i = 0; i < sorted.length; i += TOUCH_CHUNK) chunks.push(sorted.slice(i, i + TOUCH_CHUNK));
  const write = async (q: Queryable, chunk: Touch[]) => {
    const rows = chunk.map((t) => ({
      app_id: t.appId,
      machine_id: t.machineId,
      group_name: t.group,
      track: t.track,
      version: t.version,
      oem: t.oem,
      boot_id: t.bootId,
      status: t.onHold ? 'on-hold' : 'undefined',
      status_at: t.at,
      last_check_at: t.at,
      created_at: t.at,
    }));
    await q.run(statement, [JSON.stringify(rows)]);
  };
  if (chunks.length === 1) await write(db, chunks[0] as Touch[]);
  else if (chunks.length > 1)
    await db.transaction(async (tx) => {
      for (const chunk of chunks) await write(tx, chunk);
    });
}

const HELD = `excluded.status = 'on-hold' AND instances.status IN ('undefined', 'complete', 'error')`;

function compareKeys(a: Pick<Touch, 'appId' | 'machineId'>, b: Pick<Touch, 'appId' | 'machineId'>): number {
  if (a.appId !== b.appId) return a.appId < b.appId ? -1 : 1;
  return a.machineId < b.machineId ? -1 : a.machineId > b.machineId ? 1 : 0;
}

/** The policy and pause state of a group, written in the caller's transaction. */
export async function saveGroupPolicy(
  db: Queryable,
  group: Pick<Group, 'appId' | 'name'>,
  policy: Policy,
  pausedReason: string | null,
  at: number,
  failuresSince?: number,
): Promise<void> {
  if (failuresSince === undefined) {
    await db.run('UPDATE update_groups SET policy = $1, paused_reason = $2, updated_at = $3 WHERE app_id = $4 AND name = $5', [
      JSON.stringify(policy),
      pausedReason,
      at,
      group.appId,
      group.name,
    ]);
  } else {
    await db.run('UPDATE update_groups SET policy = $1, paused_reason = $2, updated_at = $3, failures_since = $4 WHERE app_id = $5 AND name = $6', [
      JSON.stringify(policy),
      pausedReason,
      at,
      failuresSince,
      group.appId,
      group.name,
    ]);
  }
}

export async function count(db: Queryable, sql: string, params: SqlValue[]): Promise<number> {
  const rows = await db.query<{ n: unknown }>(sql, params);
  return Number(rows[0]?.n ?? 0);
}

/** Several instances at once. */
export async function getInstances(db: Queryable, dialect: Database['dialect'], appId: string, machineIds: string[]): Promise<Instance[]> {
  if (machineIds.length === 0) return [];
  // On PostgreSQL "= ANY (ARRAY(…))" probes the primary key; "IN (SELECT json_array_elements_text(…))" would scan the whole table.
  const match =
    dialect === 'postgres' ? 'machine_id = ANY (ARRAY(SELECT json_array_elements_text($2::json)))' : 'machine_id IN (SELECT value FROM json_each($2))';
  const rows = await db.query(`SELECT * FROM instances WHERE app_id = $1 AND ${match}`, [appId, JSON.stringify(machineIds)]);
  return rows.map(toInstance);
}

const GRANT_COLUMNS = [
  ['app_id', 'text'],
  ['group_name', 'text'],
  ['machine_id', 'text'],
  ['version', 'text'],
  ['at', 'bigint'],
] as const;

const HISTORY_COLUMNS = [
  ['app_id', 'text'],
  ['machine_id', 'text'],
  ['status', 'text'],
  ['version', 'text'],
  ['granted_version', 'text'],
  ['at', 'bigint'],
] as const;

const names = (columns: ReadonlyArray<readonly [string, ColumnType]>): string => columns.map(([c]) => c).join(', ');

const instanceRow = (i: Instance) => ({
  app_id: i.appId,
  machine_id: i.machineId,
  group_name: i.group,
  track: i.track,
  version: i.version,
  oem: i.oem,
  boot_id: i.bootId,
  status: i.status,
  status_at: i.statusAt,
  granted_version: i.grantedVersion,
  granted_at: i.grantedAt,
  last_check_at: i.lastCheckAt,
  created_at: i.createdAt,
});

const historyRow = (i: Instance) => ({
  app_id: i.appId,
  machine_id: i.machineId,
  status: i.status,
  version: i.version,
  granted_version: i.grantedVersion,
  at: i.statusAt,
});

type GrantRow = [appId: string, group: string, machineId: string, version: string, at: number];

const grantRow = ([app_id, group_name, machine_id, version, at]: GrantRow) => ({ app_id, group_name, machine_id, version, at });

const saveInstancesSql = (dialect: Database['dialect'], param = '$1') =>
  `INSERT INTO instances (${names(INSTANCE_COLUMNS)}) ${jsonRows(dialect, INSTANCE_COLUMNS, param)}
     ON CONFLICT (app_id, machine_id) DO UPDATE SET group_name = excluded.group_name, track = excluded.track, version = excluded.version,
       oem = excluded.oem, boot_id = excluded.boot_id, status = excluded.status, status_at = excluded.status_at,
       granted_version = excluded.granted_version, granted_at = excluded.granted_at, last_check_at = excluded.last_check_at`;
const insertGrantsSql = (dialect: Database['dialect'], param = '$1') =>
  `INSERT INTO grants (${names(GRANT_COLUMNS)}) ${jsonRows(dialect, GRANT_COLUMNS, param)}`;
const insertHistorySql = (dialect: Database['dialect'], param = '$1') =>
  `INSERT INTO instance_history (${names(HISTORY_COLUMNS)}) ${jsonRows(dialect, HISTORY_COLUMNS, param)}`;

const byKey = (instances: Instance[]) => [...instances].sort((a, b) => compareKeys(a, b));

/** Writes whole instance rows (insert or replace), in key order, in one statement. */
export async function saveInstances(db: Queryable, dialect: Database['dialect'], instances: Instance[]): Promise<void> {
  if (instances.length > 0) await db.run(saveInstancesSql(dialect), [JSON.stringify(byKey(instances).map(instanceRow))]);
}

/** Records grants in one statement. */
export async function insertGrants(db: Queryable, dialect: Database['dialect'], grants: GrantRow[]): Promise<void> {
  if (grants.length > 0) await db.run(insertGrantsSql(dialect), [JSON.stringify(grants.map(grantRow))]);
}

/** Adds each instance's current status to its history, at its status time, in one statement. */
export async function insertHistory(db: Queryable, dialect: Database['dialect'], instances: Instance[]): Promise<void> {
  if (instances.length > 0) await db.run(insertHistorySql(dialect), [JSON.stringify(instances.map(historyRow))]);
}

/**
 * What a batch of grants writes: the instances, the grants and the history rows. On
 * PostgreSQL one statement (data-modifying WITH clauses), one round trip; on SQLite, whose
 * statements are function calls, three.
 */
export async function writeGrantBatch(
  db: Queryable,
  dialect: Database['dialect'],
  batch: { instances: Instance[]; grants: GrantRow[]; history: Instance[] },
): Promise<void> {
  if (dialect !== 'postgres' || batch.instances.length === 0 || batch.grants.length === 0 || batch.history.length === 0) {
    await saveInstances(db, dialect, batch.instances);
    await insertGrants(db, dialect, batch.grants);
    await insertHistory(db, dialect, batch.history);
    return;
  }
  await db.run(`WITH saved AS (${saveInstancesSql(dialect, '$1')}), granted AS (${insertGrantsSql(dialect, '$2')}) ${insertHistorySql(dialect, '$3')}`, [
    JSON.stringify(byKey(batch.instances).map(instanceRow)),
    JSON.stringify(batch.grants.map(grantRow)),
    JSON.stringify(batch.history.map(historyRow)),
  ]);
}

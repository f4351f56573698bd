import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ConflictError, InputError, NotFoundError } from '@strata/errors';
import { FLATCAR_APP_ID, normalizeAppId } from '@strata/omaha';
import { isUniqueViolation, type Database } from '@strata/sql';
import { DEFAULT_CHANNELS, INSTANCE_STATUSES, type Activity, type Channel, type Group, type Instance, type Package, type StoredEvent } from './model';
import type { ReceivedPayload } from './payloads';
import { DEFAULT_POLICY, mergePolicy, type Policy } from './policy';
import { addActivity, count, getInstance, key, lockGroup, saveGroupPolicy, toActivity, toEvent, toPackage } from './store';
import type { UpdateService } from './updates';
import { compareVersions, VERSION_PATTERN } from './versions';

/** The application every server starts with: Strata's OS, under Flatcar's app id that update_engine sends. */
export const DEFAULT_APP = { id: normalizeAppId(FLATCAR_APP_ID), name: 'Strata Container Linux' };

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** Creates the default application with its stable, beta and alpha channels and a group of the same name on each. */
export async function ensureDefaults(db: Database, now: number): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.run('INSERT INTO applications (id, name, created_at) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING', [DEFAULT_APP.id, DEFAULT_APP.name, now]);
    for (const channel of DEFAULT_CHANNELS) {
      await tx.run('INSERT INTO channels (app_id, name, version, updated_at) VALUES ($1, $2, NULL, $3) ON CONFLICT (app_id, name) DO NOTHING', [
        DEFAULT_APP.id,
        channel,
        now,
      ]);
      await tx.run(
        'INSERT INTO update_groups (app_id, name, channel, policy, paused_reason, failures_since, updated_at) VALUES ($1, $2, $3, $4, NULL, 0, $5) ON CONFLICT (app_id, name) DO NOTHING',
        [DEFAULT_APP.id, channel, channel, JSON.stringify(DEFAULT_POLICY), now],
      );
    }
  });
}

/** What `GET /v1/admin/status` answers. */
export interface StatusReport {
  application: { id: string; name: string };
  channels: Array<{ name: string; version: string | null; floors: string[]; updatedAt: string }>;
  packages: Array<{ version: string; name: string; size: number; sha1: string; sha256: string; createdAt: string }>;
  groups: Array<{
    name: string;
    channel: string;
    targetVersion: string | null;
    updatesEnabled: boolean;
    pausedReason: string | null;
    policy: Policy;
    instances: number;
    byStatus: Record<string, number>;
    byVersion: Record<string, number>;
    /** Machines granted an update that did not install it within the update timeout. */
    timedOut: number;
    grantsInPeriod: number;
  }>;
  recentEvents: Array<Omit<StoredEvent, 'at'> & { at: string }>;
  activity: Array<Omit<Activity, 'at'> & { at: string }>;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The admin operations behind `/v1/admin/…`; every change invalidates the update service's cache. */
export class AdminService {
  constructor(
    private readonly db: Database,
    private readonly updates: UpdateService,
    private readonly packagesDir: string,
  ) {}

  private get now(): number {
    return this.updates.now();
  }

  private async app(appId: string | undefined): Promise<string> {
    const id = normalizeAppId(appId ?? DEFAULT_APP.id);
    const snap = await this.updates.snapshot();
    if (!snap.apps.has(id)) throw new NotFoundError(`unknown application ${appId}`);
    return id;
  }

  private async channel(appId: string, name: string): Promise<Channel> {
    const snap = await this.updates.snapshot();
    const channel = snap.channels.get(key(appId, name));
    if (!channel) throw new NotFoundError(`unknown channel "${name}"; channels: ${[...snap.channels.values()].map((c) => c.name).join(', ')}`);
    return channel;
  }

  private async group(appId: string, name: string): Promise<Group> {
    const snap = await this.updates.snapshot();
    const group = snap.groups.get(key(appId, name));
    if (!group) throw new NotFoundError(`unknown group "${name}"; groups: ${[...snap.groups.values()].map((g) => g.name).join(', ')}`);
    return group;
  }

  private async packageOf(appId: string, version: string): Promise<Package> {
    const snap = await this.updates.snapshot();
    const pkg = snap.packages.get(key(appId, version));
    if (!pkg) {
      const known = [...snap.packages.values()].filter((p) => p.appId === appId).map((p) => p.version);
      throw new NotFoundError(`unknown version ${version}; published: ${known.length ? known.sort(compareVersions).join(', ') : 'none (publish one first)'}`);
    }
    return pkg;
  }

  /** Stores an uploaded payload as `version`; the file lands under `<packages dir>/<version>/<name>`. */
  async publish(upload: ReceivedPayload, input: { app?: string; version: string; name?: string }): Promise<Package> {
    try {
      const appId = await this.app(input.app);
      if (!VERSION_PATTERN.test(input.version))
        throw new InputError(`version "${input.version}" is not a version`, [
          { path: 'version', message: 'letters, digits and . + _ - only, at most 64, e.g. 4231.0.0' },
        ]);
      const name = input.name ?? `strata-usr-${input.version}.payload`;
      if (!NAME.test(name))
        throw new InputError(`file name "${name}" is not allowed`, [{ path: 'name', message: 'letters, digits and . _ - only, at most 128' }]);
      if (upload.size === 0) throw new InputError('the payload is empty', [{ path: 'body', message: 'upload the payload file as the request body' }]);
      const file = `${input.version}/${name}`;
      const pkg: Package = {
        appId,
        version: input.version,
        name,
        file,
        url: null,
        size: upload.size,
        sha1Base64: upload.sha1Base64,
        sha256Base64: upload.sha256Base64,
        extraFiles: [],
        createdAt: this.now,
      };
      const target = join(this.packagesDir, file);
      if (existsSync(target)) throw new ConflictError(`version ${input.version} is already published`);
      try {
        await this.db.transaction(async (tx) => {
          await tx.run(
            'INSERT INTO packages (app_id, version, name, file, url, size, sha1, sha256, extra_files, created_at) VALUES ($1, $2, $3, $4, NULL, $5, $6, $7, $8, $9)',
            [appId, pkg.version, name, file, pkg.size, pkg.sha1Base64, pkg.sha256Base64, '[]', pkg.createdAt],
          );
          await addActivity(tx, {
            appId,
            group: null,
            kind: 'package-published',
            severity: 'info',
            version: pkg.version,
            message: `published ${pkg.version} (${pkg.size} bytes)`,
            at: pkg.createdAt,
          });
          mkdirSync(join(this.packagesDir, input.version), { recursive: true, mode: 0o755 });
          renameSync(upload.path, target);
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw new ConflictError(`version ${input.version} is already published`, error);
        throw error;
      }
      this.updates.invalidate();
      return pkg;
    } finally {
      rmSync(upload.path, { force: true });
    }
  }

  /** Registers a payload hosted elsewhere: machines download `<url>/<name>`; size and hashes are as given. */
  async publishExternal(input: {
    app?: string;
    version: string;
    name: string;
    url: string;
    size: number;
    sha1Base64: string;
    sha256Base64: string;
  }): Promise<Package> {
    const appId = await this.app(input.app);
    const problems: Array<{ path: string; message: string }> = [];
    if (!VERSION_PATTERN.test(input.version)) problems.push({ path: 'version', message: 'letters, digits and . + _ - only, at most 64' });
    if (!NAME.test(input.name)) problems.push({ path: 'name', message: 'letters, digits and . _ - only, at most 128' });
    if (!/^https?:\/\/[^\s]+\/$/.test(input.url)) problems.push({ path: 'url', message: 'must be an http(s) URL ending in /, the directory holding the file' });
    if (!Number.isSafeInteger(input.size) || input.size <= 0) problems.push({ path: 'size', message: 'must be a positive whole number of bytes' });
    if (Buffer.from(input.sha1Base64, 'base64').length !== 20) problems.push({ path: 'sha1', message: 'must be the base64 SHA-1 (20 bytes)' });
    if (Buffer.from(input.sha256Base64, 'base64').length !== 32) problems.push({ path: 'sha256', message: 'must be the base64 SHA-256 (32 bytes)' });
    if (problems.length > 0) throw new InputError('the package is invalid', problems);
    const pkg: Package = {
      appId,
      version: input.version,
      name: input.name,
      file: null,
      url: input.url,
      size: input.size,
      sha1Base64: input.sha1Base64,
      sha256Base64: input.sha256Base64,
      extraFiles: [],
      createdAt: this.now,
    };
    try {
      await this.db.transaction(async (tx) => {
        await tx.run(
          'INSERT INTO packages (app_id, version, name, file, url, size, sha1, sha256, extra_files, created_at) VALUES ($1, $2, $3, NULL, $4, $5, $6, $7, $8, $9)',
          [appId, pkg.version, pkg.name, pkg.url, pkg.size, pkg.sha1Base64, pkg.sha256Base64, '[]', pkg.createdAt],
        );
        await addActivity(tx, {
          appId,
          group: null,
          kind: 'package-published',
          severity: 'info',
          version: pkg.version,
          message: `published ${pkg.version} at ${pkg.url}${pkg.name}`,
          at: pkg.createdAt,
        });
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConflictError(`version ${input.version} is already published`, error);
      throw error;
    }
    this.updates.invalidate();
    return pkg;
  }

  async packages(app?: string): Promise<Package[]> {
    const appId = await this.app(app);
    const rows = await this.db.query('SELECT * FROM packages WHERE app_id = $1', [appId]);
    return rows.map(toPackage).sort((a, b) => compareVersions(a.version, b.version));
  }

  /** Points a channel at a published version. */
  async promote(input: { app?: string; channel: string; version: string }): Promise<Channel> {
    const appId = await this.app(input.app);
    const channel = await this.channel(appId, input.channel);
    await this.packageOf(appId, input.version);
    const now = this.now;
    await this.db.transaction(async (tx) => {
      await tx.run('UPDATE channels SET version = $1, updated_at = $2 WHERE app_id = $3 AND name = $4', [input.version, now, appId, channel.name]);
      await addActivity(tx, {
        appId,
        group: null,
        kind: 'channel-promoted',
        severity: 'info',
        version: input.version,
        message: `channel ${channel.name} now serves ${input.version}${channel.version ? ` (was ${channel.version})` : ''}`,
        at: now,
      });
    });
    this.updates.invalidate();
    return { ...channel, version: input.version, updatedAt: now };
  }

  /** Sets the versions every machine of the channel must pass through. */
  async setFloors(input: { app?: string; channel: string; versions: string[] }): Promise<Channel> {
    const appId = await this.app(input.app);
    const channel = await this.channel(appId, input.channel);
    for (const version of input.versions) await this.packageOf(appId, version);
    const versions = [...new Set(input.versions)].sort(compareVersions);
    await this.db.transaction(async (tx) => {
      await tx.run('DELETE FROM channel_floors WHERE app_id = $1 AND channel = $2', [appId, channel.name]);
      for (const version of versions) await tx.run('INSERT INTO channel_floors (app_id, channel, version) VALUES ($1, $2, $3)', [appId, channel.name, version]);
      await addActivity(tx, {
        appId,
        group: null,
        kind: 'channel-floors',
        severity: 'info',
        version: null,
        message: `channel ${channel.name} floors: ${versions.join(', ') || 'none'}`,
        at: this.now,
      });
    });
    this.updates.invalidate();
    return { ...channel, floors: versions };
  }

  /** Creates a group for a track, or points an existing one at another channel. */
  async putGroup(input: { app?: string; group: string; channel: string }): Promise<Group> {
    const appId = await this.app(input.app);
    if (!NAME.test(input.group))
      throw new InputError(`group name "${input.group}" is not allowed`, [{ path: 'group', message: 'letters, digits and . _ - only' }]);
    await this.channel(appId, input.channel);
    const now = this.now;
    await this.db.run(
      `INSERT INTO update_groups (app_id, name, channel, policy, paused_reason, failures_since, updated_at) VALUES ($1, $2, $3, $4, NULL, 0, $5)
       ON CONFLICT (app_id, name) DO UPDATE SET channel = excluded.channel, updated_at = excluded.updated_at`,
      [appId, input.group, input.channel, JSON.stringify(DEFAULT_POLICY), now],
    );
    this.updates.invalidate();
    return this.group(appId, input.group);
  }

  /** Stops (`pause`) or restarts (`resume`) updates of a group; resuming forgets earlier failures for auto-pause. */
  async setPaused(input: { app?: string; group: string; paused: boolean; reason?: string }): Promise<Group> {
    const appId = await this.app(input.app);
    const cached = await this.group(appId, input.group);
    const now = this.now;
    await this.db.transaction(async (tx) => {
      const group = (await lockGroup(tx, this.db.dialect, appId, cached.name)) ?? cached;
      const reason = input.paused ? input.reason?.trim() || 'paused by an administrator' : null;
      await saveGroupPolicy(tx, group, { ...group.policy, updatesEnabled: !input.paused }, reason, now, input.paused ? undefined : now);
      await addActivity(tx, {
        appId,
        group: group.name,
        kind: input.paused ? 'group-paused' : 'group-resumed',
        severity: 'info',
        version: null,
        message: input.paused ? `group ${group.name} paused: ${reason}` : `group ${group.name} resumed`,
        at: now,
      });
    });
    this.updates.invalidate();
    return this.group(appId, cached.name);
  }

  /** Changes some fields of a group's policy. */
  async setPolicy(input: { app?: string; group: string; patch: unknown }): Promise<Group> {
    const appId = await this.app(input.app);
    const cached = await this.group(appId, input.group);
    const now = this.now;
    await this.db.transaction(async (tx) => {
      const group = (await lockGroup(tx, this.db.dialect, appId, cached.name)) ?? cached;
      const policy = mergePolicy(group.policy, input.patch);
      if (policy.pin) {
        const pinned = await count(tx, 'SELECT COUNT(*) AS n FROM packages WHERE app_id = $1 AND version = $2', [appId, policy.pin.version]);
        if (pinned === 0) throw new NotFoundError(`unknown version ${policy.pin.version} (pin); publish it first`);
      }
      const resumed = policy.updatesEnabled && !group.policy.updatesEnabled;
      const reason = policy.updatesEnabled ? null : (group.pausedReason ?? 'paused by an administrator');
      await saveGroupPolicy(tx, group, policy, reason, now, resumed ? now : undefined);
      await addActivity(tx, {
        appId,
        group: group.name,
        kind: 'policy-changed',
        severity: 'info',
        version: null,
        message: `policy of group ${group.name}: ${JSON.stringify(input.patch)}`,
        at: now,
      });
    });
    this.updates.invalidate();
    return this.group(appId, cached.name);
  }

  /** One machine: its instance row, status history and events. */
  async instance(input: {
    app?: string;
    machineId: string;
  }): Promise<{ instance: Instance; history: Array<{ status: string; version: string; grantedVersion: string | null; at: string }>; events: StoredEvent[] }> {
    const appId = await this.app(input.app);
    await this.updates.flush();
    const instance = await getInstance(this.db, appId, input.machineId);
    if (!instance) throw new NotFoundError(`unknown machine ${input.machineId}`);
    const history = await this.db.query('SELECT * FROM instance_history WHERE app_id = $1 AND machine_id = $2 ORDER BY id', [appId, input.machineId]);
    const events = await this.db.query('SELECT * FROM events WHERE app_id = $1 AND machine_id = $2 ORDER BY id', [appId, input.machineId]);
    return {
      instance,
      history: history.map((r) => ({
        status: String(r['status']),
        version: String(r['version']),
        grantedVersion: r['granted_version'] === null ? null : String(r['granted_version']),
        at: iso(Number(r['at'])),
      })),
      events: events.map(toEvent),
    };
  }

  /** Channels, packages, groups with their policy and instance counts, recent events and activity. */
  async status(app?: string): Promise<StatusReport> {
    const appId = await this.app(app);
    await this.updates.flush();
    const snap = await this.updates.snapshot();
    const now = this.now;
    const byStatus = await this.db.query('SELECT group_name, status, COUNT(*) AS n FROM instances WHERE app_id = $1 GROUP BY group_name, status', [appId]);
    const byVersion = await this.db.query('SELECT group_name, version, COUNT(*) AS n FROM instances WHERE app_id = $1 GROUP BY group_name, version', [appId]);
    const groups: StatusReport['groups'] = [];
    for (const group of [...snap.groups.values()].filter((g) => g.appId === appId).sort((a, b) => a.name.localeCompare(b.name))) {
      const statuses = Object.fromEntries(INSTANCE_STATUSES.map((s) => [s, 0])) as Record<string, number>;
      for (const r of byStatus.filter((r) => r['group_name'] === group.name)) statuses[String(r['status'])] = Number(r['n']);
      const versions: Record<string, number> = {};
      for (const r of byVersion.filter((r) => r['group_name'] === group.name)) versions[String(r['version'])] = Number(r['n']);
      const timedOut = await count(
        this.db,
        "SELECT COUNT(*) AS n FROM instances WHERE app_id = $1 AND group_name = $2 AND status IN ('update-granted', 'downloading', 'downloaded') AND granted_at <= $3",
        [appId, group.name, now - group.policy.updateTimeoutSeconds * 1000],
      );
      const grantsInPeriod = await count(this.db, 'SELECT COUNT(*) AS n FROM grants WHERE app_id = $1 AND group_name = $2 AND at > $3', [
        appId,
        group.name,
        now - group.policy.periodSeconds * 1000,
      ]);
      groups.push({
        name: group.name,
        channel: group.channel,
        targetVersion: group.policy.pin?.version ?? snap.channels.get(key(appId, group.channel))?.version ?? null,
        updatesEnabled: group.policy.updatesEnabled,
        pausedReason: group.pausedReason,
        policy: group.policy,
        instances: Object.values(statuses).reduce((a, b) => a + b, 0),
        byStatus: statuses,
        byVersion: versions,
        timedOut,
        grantsInPeriod,
      });
    }
    const events = await this.db.query('SELECT * FROM events WHERE app_id = $1 ORDER BY id DESC LIMIT 50', [appId]);
    const activity = await this.db.query('SELECT * FROM activity WHERE app_id = $1 ORDER BY id DESC LIMIT 50', [appId]);
    return {
      application: { id: appId, name: snap.apps.get(appId)?.name ?? appId },
      channels: [...snap.channels.values()]
        .filter((c) => c.appId === appId)
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((c) => ({ name: c.name, version: c.version, floors: c.floors, updatedAt: iso(c.updatedAt) })),
      packages: [...snap.packages.values()]
        .filter((p) => p.appId === appId)
        .sort((a, b) => compareVersions(a.version, b.version))
        .map((p) => ({ version: p.version, name: p.name, size: p.size, sha1: p.sha1Base64, sha256: p.sha256Base64, createdAt: iso(p.createdAt) })),
      groups,
      recentEvents: events.map((r) => {
        const e = toEvent(r);
        return { ...e, at: iso(e.at) };
      }),
      activity: activity.map((r) => {
        const a = toActivity(r);
        return { ...a, at: iso(a.at) };
      }),
    };
  }
}

import {
  decodeErrorCode,
  errorCodeName,
  normalizeAppId,
  type OmahaEvent,
  type OmahaRequest,
  type OmahaRequestApp,
  type OmahaResponse,
  type OmahaResponseApp,
  type OmahaUpdateCheck,
} from '@strata/omaha';
import type { Database, Queryable } from '@strata/sql';
import { inRollout, inWindow, type Policy } from './policy';
import { UPDATING, type Group, type Instance, type InstanceStatus, type Package } from './model';
import {
  addActivity,
  addHistory,
  count,
  getInstance,
  key,
  loadSnapshot,
  lockGroup,
  saveGroupPolicy,
  saveInstance,
  getInstances,
  writeGrantBatch,
  writeTouches,
  type Snapshot,
  type Touch,
} from './store';
import { compareVersions } from './versions';

/** How the update service behaves; the defaults suit production. */
export interface UpdateServiceOptions {
  /** The clock (tests move it). */
  now?: () => number;
  /** How long the cached configuration (packages, channels, groups) may be stale when another server changed it. */
  snapshotTtlMs?: number;
}

/** Why a check was answered `noupdate`; the answer never says, the server's status does. */
export type Decision =
  | { kind: 'update'; pkg: Package }
  | { kind: 'noupdate'; reason: 'current' | 'no-group' | 'no-package' | 'waiting-for-reboot' }
  | { kind: 'hold'; reason: 'paused' | 'window' | 'rollout' | 'period-limit' | 'safe-mode' | 'safe-mode-timeout' | 'no-machine-id' };

type GrantResult =
  | { kind: 'granted' }
  /** The machine already holds a grant of this version and goes on with it (nothing written). */
  | { kind: 'continuing' }
  /** The machine installed the version and waits for its reboot (nothing written). */
  | { kind: 'waiting' }
  | { kind: 'hold'; reason: Extract<Decision, { kind: 'hold' }>['reason']; paused?: true };

/** What one grant transaction knows while it decides its batch; written at its end. */
interface BatchState {
  groups: Map<string, Group | undefined>;
  instances: Map<string, Instance | undefined>;
  grantsInPeriod: Map<string, number>;
  grantedNow: Map<string, number>;
  saves: Map<string, Instance>;
  grants: Array<[string, string, string, string, number]>;
  history: Instance[];
}

/** An update check waiting for the group commit that writes it. */
interface TouchWaiter {
  key: string;
  entry: WrittenTouch;
  resolve: () => void;
  reject: (error: unknown) => void;
}

interface InstanceRead {
  appId: string;
  machineId: string;
  resolve: (instance: Instance | undefined) => void;
  reject: (error: unknown) => void;
}

/** A touch given to a group commit; `done` settles when that commit does. */
interface WrittenTouch extends Touch {
  done: Promise<void>;
}

interface GrantItem {
  ctx: CheckContext;
  /**
   * The check's instance was not read before it was queued: the transaction decides from the
   * instance it reads under the group's lock whether the machine already has the update or
   * waits for its reboot, as the check would have, before the policy.
   */
  decideInstance: boolean;
  machineId: string;
  group: Group;
  version: string;
  now: number;
  resolve: (result: GrantResult) => void;
  reject: (error: unknown) => void;
}

/** How precisely an instance's last check time is kept. */
const TOUCH_RESOLUTION_MS = 60_000;

/** Most grants decided in one transaction. */
const GRANT_BATCH = 256;

/** An event's effect on the instance's status (update_engine's events; 800/1 is Nebraska's). */
function statusAfter(event: OmahaEvent): InstanceStatus | undefined {
  if (event.type === 13 && event.result === 1) return 'downloading';
  if (event.type === 14 && event.result === 1) return 'downloaded';
  if ((event.type === 3 || event.type === 800) && event.result === 1) return 'installed';
  if (event.type === 3 && event.result === 2) return 'complete';
  if (event.type === 3 && event.result === 0) return 'error';
  return undefined;
}

/** The next version a machine on `version` should install: its first floor above it, else the target; null when it is current. */
export function nextVersion(version: string, target: string, floors: readonly string[], allowDowngrade: boolean): string | null {
  const cmp = compareVersions(version, target);
  if (cmp === 0 || (cmp > 0 && !allowDowngrade)) return null;
  if (cmp > 0) return target;
  const floor = [...floors].sort(compareVersions).find((f) => compareVersions(version, f) < 0 && compareVersions(f, target) < 0);
  return floor ?? target;
}

/** Statuses of a machine that was granted an update and has not installed it yet. */
const ON_ITS_WAY: readonly InstanceStatus[] = ['update-granted', 'downloading', 'downloaded'];

function timedOut(inst: Instance, policy: Policy, now: number): boolean {
  // Only the time before the install counts: a machine waiting for its reboot (installed) never times out.
  return ON_ITS_WAY.includes(inst.status) && inst.grantedAt !== null && now - inst.grantedAt > policy.updateTimeoutSeconds * 1000;
}

/**
 * Where the machine already is with `version`: on its way (granted, downloading, downloaded,
 * within the update timeout) goes on with it, even while its group is paused; installed waits
 * for its reboot; otherwise the policy decides.
 */
function progressWith(inst: Instance | undefined, version: string, policy: Policy, now: number): 'continuing' | 'waiting' | undefined {
  if (inst?.grantedVersion !== version || timedOut(inst, policy, now)) return undefined;
  if (ON_ITS_WAY.includes(inst.status)) return 'continuing';
  return inst.status === 'installed' ? 'waiting' : undefined;
}

/** The hold the group's policy puts on a machine now, before any limit is counted: paused, outside its windows, or outside the phased share. */
function policyHold(policy: Policy, machineId: string, now: number): 'paused' | 'window' | 'rollout' | undefined {
  if (!policy.updatesEnabled) return 'paused';
  if (!inWindow(policy, now)) return 'window';
  return inRollout(machineId, policy.rolloutPercent) ? undefined : 'rollout';
}

/**
 * The Omaha side of the server: answers update checks after the group's rollout policy,
 * records events and moves each instance through its statuses. Grants are decided in one
 * transaction that locks the group, so limits hold across concurrent requests and servers.
 */
export class UpdateService {
  readonly now: () => number;
  private snap: { value: Snapshot; at: number } | undefined;
  private loading: Promise<Snapshot> | undefined;
  private readonly ttl: number;
  /** Touches waiting for the next group commit, by machine, and the checks waiting for it. */
  private pending = new Map<string, Touch>();
  private waiters: TouchWaiter[] = [];
  /** Instance reads waiting to be made in one query (PostgreSQL). */
  private reads: InstanceRead[] = [];
  /** The group commit loop, while it runs. */
  private writer: Promise<void> | undefined;
  /** The last touch written (or being written) per machine, with its commit. */
  private readonly written = new Map<string, WrittenTouch>();
  /** Groups whose grant limit was reached, until when: checks skip the transaction meanwhile. */
  private grantQueue: GrantItem[] = [];
  private granting = false;
  /** Rollouts (group and version) known to have started, so their first grant is not looked up again. */
  private readonly rollouts = new Set<string>();
  private readonly holds = new Map<string, { until: number; reason: Extract<Decision, { kind: 'hold' }>['reason'] }>();

  constructor(
    readonly db: Database,
    options: UpdateServiceOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.ttl = options.snapshotTtlMs ?? 1000;
  }

  /** The cached configuration, reloaded when older than its time to live. */
  async snapshot(): Promise<Snapshot> {
    if (this.snap && Date.now() - this.snap.at < this.ttl) return this.snap.value;
    this.loading ??= loadSnapshot(this.db).then(
      (value) => {
        this.snap = { value, at: Date.now() };
        this.loading = undefined;
        return value;
      },
      (error: unknown) => {
        this.loading = undefined;
        throw error;
      },
    );
    return this.loading;
  }

  /** Drops the cached configuration and holds after a change. */
  invalidate(): void {
    this.snap = undefined;
    this.holds.clear();
    this.written.clear();
  }

  /** Resolves once every update check recorded so far is written (each check is answered only after its own write anyway). */
  async flush(): Promise<void> {
    while (this.writer) await this.writer;
  }

  async close(): Promise<void> {
    await this.flush();
  }

  /**
   * Records an update check, resolving once it is committed: checks that arrive together
   * share one group commit (one transaction, one fsync). The batch starts on the next turn of
   * the event loop; checks arriving while it is written wait for the next one. A check that
   * changes nothing but the last check time within the same minute is not written at all.
   */
  private touch(t: Touch): Promise<void> {
    const k = key(t.appId, t.machineId);
    // A machine asking again within a minute with nothing changed is not written again: the last check is kept to the minute.
    const prev = this.written.get(k);
    if (
      prev &&
      t.at - prev.at < TOUCH_RESOLUTION_MS &&
      t.at >= prev.at &&
      prev.version === t.version &&
      prev.group === t.group &&
      prev.track === t.track &&
      prev.onHold === t.onHold
    )
      return prev.done;
    if (this.written.size >= 200_000) this.written.clear();
    let settle!: Pick<TouchWaiter, 'resolve' | 'reject'>;
    const entry: WrittenTouch = { ...t, done: new Promise<void>((resolve, reject) => (settle = { resolve, reject })) };
    this.written.set(k, entry);
    this.pending.set(k, t);
    this.waiters.push({ key: k, entry, ...settle });
    this.writer ??= this.writeTouches();
    return entry.done;
  }

  /**
   * The machine's instance as an update check reads it. On PostgreSQL, where each read is a
   * round trip, the reads of the checks that arrived together are one query; on SQLite a read
   * is a function call and is made at once.
   */
  private readInstance(appId: string, machineId: string): Promise<Instance | undefined> {
    if (this.db.dialect === 'sqlite') return getInstance(this.db, appId, machineId);
    const done = new Promise<Instance | undefined>((resolve, reject) => this.reads.push({ appId, machineId, resolve, reject }));
    if (this.reads.length === 1) setImmediate(() => void this.readInstances());
    return done;
  }

  private async readInstances(): Promise<void> {
    const reads = this.reads;
    this.reads = [];
    for (const appId of new Set(reads.map((r) => r.appId))) {
      const mine = reads.filter((r) => r.appId === appId);
      try {
        const found = new Map((await getInstances(this.db, this.db.dialect, appId, [...new Set(mine.map((r) => r.machineId))])).map((i) => [i.machineId, i]));
        for (const r of mine) r.resolve(found.get(r.machineId));
      } catch (error) {
        for (const r of mine) r.reject(error);
      }
    }
  }

  /** The group commit loop: writes what is pending, answers its waiters, and repeats until nothing is left. */
  private async writeTouches(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    try {
      while (this.pending.size > 0) {
        const batch = [...this.pending.values()];
        const waiters = this.waiters;
        this.pending = new Map();
        this.waiters = [];
        try {
          await writeTouches(this.db, batch);
          for (const w of waiters) w.resolve();
        } catch (error) {
          for (const w of waiters) {
            // Not written: the next check of the machine must not be skipped as a repeat.
            if (this.written.get(w.key) === w.entry) this.written.delete(w.key);
            w.reject(error);
          }
        }
      }
    } finally {
      this.writer = undefined;
    }
  }

  /** Answers a whole Omaha request. `codebase(pkg)` is the URL the machine downloads `pkg` from, without its name. */
  async handle(req: OmahaRequest, codebase: (pkg: Package) => string): Promise<OmahaResponse> {
    const apps: OmahaResponseApp[] = [];
    for (const app of req.apps) apps.push(await this.handleApp(app, codebase));
    return { protocol: '3.0', server: 'strata', daystart: { elapsedSeconds: daystart(this.now()) }, apps };
  }

  private async handleApp(app: OmahaRequestApp, codebase: (pkg: Package) => string): Promise<OmahaResponseApp> {
    const snap = await this.snapshot();
    const appId = normalizeAppId(app.appId);
    if (!snap.apps.has(appId)) return { appId: app.appId, status: 'error-unknownApplication', eventAcks: 0 };
    // A machine id no real machine sends (longer than 128 characters) counts as none.
    const sentId = clean(app.machineId ?? '');
    const machineId = sentId !== '' && sentId.length <= 128 ? sentId : undefined;
    const track = clean(app.track ?? '') || 'stable';
    const group = snap.groups.get(key(appId, track)) ?? snap.groups.get(key(appId, track.toLowerCase()));
    const ctx: CheckContext = {
      appId,
      machineId,
      group,
      track,
      version: clean(app.version) || '0.0.0',
      oem: clean(app.oem ?? ''),
      bootId: clean(app.bootId ?? ''),
    };
    // Events no update_engine sends (type or result outside 32 bits) are acknowledged but not stored.
    const events = app.events.filter((e) => isInt32(e.type) && isInt32(e.result) && (e.errorCode === undefined || Number.isSafeInteger(e.errorCode)));
    if (machineId && events.length > 0) await this.recordEvents(ctx, machineId, events);
    const out: OmahaResponseApp = { appId: app.appId, status: 'ok', eventAcks: app.events.length };
    if (app.updateCheck) {
      const decision = await this.decide(snap, ctx);
      out.updateCheck = decision.kind === 'update' ? updateCheckOf(decision.pkg, codebase(decision.pkg)) : { status: 'noupdate', urls: [], packages: [] };
    } else if (machineId && events.length === 0) {
      await this.touch(this.touchOf(ctx, machineId, false));
    }
    if (app.ping) out.pingOk = true;
    return out;
  }

  private touchOf(ctx: CheckContext, machineId: string, onHold: boolean): Touch {
    return {
      appId: ctx.appId,
      machineId,
      group: ctx.group?.name ?? null,
      track: ctx.track,
      version: ctx.version,
      oem: ctx.oem,
      bootId: ctx.bootId,
      at: this.now(),
      onHold,
    };
  }

  /** Decides an update check; the instance is recorded unless the request has no machine id. */
  async decide(snap: Snapshot, ctx: CheckContext): Promise<Decision> {
    const decision = await this.decideOnly(snap, ctx);
    if (ctx.machineId && !(decision.kind === 'update' && decision.granted)) await this.touch(this.touchOf(ctx, ctx.machineId, decision.kind === 'hold'));
    return decision.kind === 'update' ? { kind: 'update', pkg: decision.pkg } : decision;
  }

  private async decideOnly(
    snap: Snapshot,
    ctx: CheckContext,
  ): Promise<Exclude<Decision, { kind: 'update' }> | { kind: 'update'; pkg: Package; granted: boolean }> {
    const group = ctx.group;
    if (!group) return { kind: 'noupdate', reason: 'no-group' };
    const policy = group.policy;
    const channel = snap.channels.get(key(group.appId, group.channel));
    const target = policy.pin?.version ?? channel?.version ?? null;
    if (!target || !snap.packages.has(key(ctx.appId, target))) return { kind: 'noupdate', reason: 'no-package' };
    const downgrade = policy.pin?.allowDowngrade ?? false;
    const next = nextVersion(ctx.version, target, channel?.floors ?? [], downgrade);
    if (next === null) return { kind: 'noupdate', reason: 'current' };
    const pkg = snap.packages.get(key(ctx.appId, next));
    if (!pkg) return { kind: 'noupdate', reason: 'no-package' };
    const now = this.now();
    if (!ctx.machineId) {
      // Nothing can be counted for a machine that does not say who it is: only an unlimited policy updates it.
      const unlimited = !policy.safeMode && policy.maxUpdatesPerPeriod === null && policy.rolloutPercent >= 100;
      if (!policy.updatesEnabled) return { kind: 'hold', reason: 'paused' };
      if (!inWindow(policy, now)) return { kind: 'hold', reason: 'window' };
      return unlimited ? { kind: 'update', pkg, granted: false } : { kind: 'hold', reason: 'no-machine-id' };
    }
    const cachedHold = this.holds.get(key(group.appId, group.name));
    const held = cachedHold !== undefined && cachedHold.until > now;
    const hold = policyHold(policy, ctx.machineId, now);
    if (this.db.dialect === 'postgres' && !held && hold === undefined) {
      // The policy would grant: the grant's transaction reads the instance under the group's
      // lock anyway, so on PostgreSQL, where every read is a round trip, it is read only there.
      const result = await this.grant(ctx, ctx.machineId, group, next, now, true);
      if (result.kind === 'hold') return result;
      if (result.kind === 'waiting') return { kind: 'noupdate', reason: 'waiting-for-reboot' };
      return { kind: 'update', pkg, granted: result.kind === 'granted' };
    }
    const progress = progressWith(await this.readInstance(ctx.appId, ctx.machineId), next, policy, now);
    if (progress === 'continuing') return { kind: 'update', pkg, granted: false };
    if (progress === 'waiting') return { kind: 'noupdate', reason: 'waiting-for-reboot' };
    if (hold) return { kind: 'hold', reason: hold };
    if (held) return { kind: 'hold', reason: cachedHold.reason };
    const granted = await this.grant(ctx, ctx.machineId, group, next, now, false);
    if (granted.kind === 'hold') return granted;
    return { kind: 'update', pkg, granted: true };
  }

  /**
   * Grants `version` to the machine, atomically: grants wait in a queue and are decided in
   * order, in batches, each batch one transaction that locks the groups it touches (PostgreSQL)
   * or the database (SQLite), re-reads their policy, counts the limits and writes the grants.
   * A limit that holds answers a hold, never an error.
   */
  private async grant(
    ctx: CheckContext,
    machineId: string,
    cached: Group,
    version: string,
    now: number,
    decideInstance: boolean,
  ): Promise<Exclude<GrantResult, { kind: 'hold' }> | Extract<Decision, { kind: 'hold' }>> {
    this.written.delete(key(ctx.appId, machineId));
    const result = await new Promise<GrantResult>((resolve, reject) => {
      this.grantQueue.push({ ctx, machineId, group: cached, version, now, decideInstance, resolve, reject });
      // Started on the next turn of the event loop, so the checks that arrived together share one transaction (and one fsync).
      if (this.grantQueue.length === 1) setImmediate(() => void this.drainGrants());
    });
    if (result.kind === 'hold') {
      if ('paused' in result) this.invalidate();
      // A phased-rollout hold is the machine's own; the others stand for the whole group for a moment.
      else if (result.reason !== 'rollout') this.holds.set(key(cached.appId, cached.name), { until: now + 1000, reason: result.reason });
      return { kind: 'hold', reason: result.reason };
    }
    return result;
  }

  private async drainGrants(): Promise<void> {
    if (this.granting) return;
    this.granting = true;
    try {
      while (this.grantQueue.length > 0) {
        const batch = this.grantQueue.splice(0, GRANT_BATCH);
        try {
          const results = await this.db.transaction(async (tx) => {
            const state: BatchState = {
              groups: new Map(),
              instances: new Map(),
              grantsInPeriod: new Map(),
              grantedNow: new Map(),
              saves: new Map(),
              grants: [],
              history: [],
            };
            // Locked in one order, so servers sharing a database never deadlock.
            const wanted = new Map(batch.map((item) => [key(item.group.appId, item.group.name), item.group] as const));
            for (const [groupKey, group] of [...wanted].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
              state.groups.set(groupKey, await lockGroup(tx, this.db.dialect, group.appId, group.name));
            }
            for (const appId of new Set(batch.map((item) => item.ctx.appId))) {
              const ids = batch.filter((item) => item.ctx.appId === appId).map((item) => item.machineId);
              for (const id of ids) state.instances.set(key(appId, id), undefined);
              for (const inst of await getInstances(tx, this.db.dialect, appId, ids)) state.instances.set(key(appId, inst.machineId), inst);
            }
            const out: GrantResult[] = [];
            for (const item of batch) out.push(await this.grantOne(tx, item, state));
            await writeGrantBatch(tx, this.db.dialect, { instances: [...state.saves.values()], grants: state.grants, history: state.history });
            return out;
          });
          batch.forEach((item, i) => item.resolve(results[i] as GrantResult));
        } catch (error) {
          for (const item of batch) item.reject(error);
        }
      }
    } finally {
      this.granting = false;
    }
  }

  private async grantOne(tx: Queryable, item: GrantItem, state: BatchState): Promise<GrantResult> {
    const { ctx, machineId, version, now } = item;
    const groupKey = key(item.group.appId, item.group.name);
    const group = state.groups.get(groupKey);
    if (!group) return { kind: 'hold', reason: 'paused' } as const;
    const policy = group.policy;
    const instanceKey = key(ctx.appId, machineId);
    const inst = state.instances.get(instanceKey);
    if (item.decideInstance) {
      // Decided as a check that read the instance first would decide, now from the instance read under the lock.
      const progress = progressWith(inst, version, policy, now);
      if (progress) return { kind: progress };
      const hold = policyHold(policy, machineId, now);
      if (hold) return { kind: 'hold', reason: hold };
    } else if (!policy.updatesEnabled) return { kind: 'hold', reason: 'paused' } as const;
    if (inst?.grantedVersion === version && inst.status === 'update-granted' && !timedOut(inst, policy, now)) return { kind: 'granted' } as const;
    const grantedNow = state.grantedNow.get(groupKey) ?? 0;
    if (policy.maxUpdatesPerPeriod !== null) {
      let inPeriod = state.grantsInPeriod.get(groupKey);
      if (inPeriod === undefined) {
        const since = now - policy.periodSeconds * 1000;
        inPeriod = await count(tx, 'SELECT COUNT(*) AS n FROM grants WHERE app_id = $1 AND group_name = $2 AND at > $3', [group.appId, group.name, since]);
        state.grantsInPeriod.set(groupKey, inPeriod);
      }
      if (inPeriod + grantedNow >= policy.maxUpdatesPerPeriod) return { kind: 'hold', reason: 'period-limit' } as const;
    }
    if (policy.safeMode) {
      const completed = await count(
        tx,
        "SELECT COUNT(*) AS n FROM instances WHERE app_id = $1 AND group_name = $2 AND status = 'complete' AND granted_version = $3",
        [group.appId, group.name, version],
      );
      if (completed === 0) {
        const deadline = now - policy.updateTimeoutSeconds * 1000;
        const timedOutCount = await count(
          tx,
          "SELECT COUNT(*) AS n FROM instances WHERE app_id = $1 AND group_name = $2 AND granted_version = $3 AND status IN ('update-granted', 'downloading', 'downloaded') AND granted_at <= $4 AND machine_id <> $5",
          [group.appId, group.name, version, deadline, machineId],
        );
        if (timedOutCount > 0) {
          const reason = `safe mode: the first update to ${version} did not install within ${policy.updateTimeoutSeconds} s`;
          await saveGroupPolicy(tx, group, { ...policy, updatesEnabled: false }, reason, now);
          state.groups.set(groupKey, { ...group, policy: { ...policy, updatesEnabled: false }, pausedReason: reason });
          await addActivity(tx, { appId: group.appId, group: group.name, kind: 'group-auto-paused', severity: 'error', version, message: reason, at: now });
          return { kind: 'hold', reason: 'safe-mode-timeout', paused: true } as const;
        }
        const updating = await count(
          tx,
          "SELECT COUNT(*) AS n FROM instances WHERE app_id = $1 AND group_name = $2 AND machine_id <> $3 AND (status = 'installed' OR (status IN ('update-granted', 'downloading', 'downloaded') AND granted_at > $4))",
          [group.appId, group.name, machineId, deadline],
        );
        if (updating + grantedNow > 0) return { kind: 'hold', reason: 'safe-mode' } as const;
      }
    }
    const rollout = key(groupKey, version);
    if (!this.rollouts.has(rollout)) {
      const started = await tx.query('SELECT 1 AS one FROM grants WHERE app_id = $1 AND group_name = $2 AND version = $3 LIMIT 1', [
        group.appId,
        group.name,
        version,
      ]);
      if (started.length === 0 && !state.grants.some((g) => g[0] === group.appId && g[1] === group.name && g[3] === version)) {
        await addActivity(tx, {
          appId: group.appId,
          group: group.name,
          kind: 'rollout-started',
          severity: 'info',
          version,
          message: `rollout of ${version} to group ${group.name} started`,
          at: now,
        });
      }
      if (started.length > 0) this.rollouts.add(rollout);
    }
    const next: Instance = {
      appId: ctx.appId,
      machineId,
      group: group.name,
      track: ctx.track,
      version: ctx.version,
      oem: ctx.oem,
      bootId: ctx.bootId,
      status: 'update-granted',
      statusAt: now,
      grantedVersion: version,
      grantedAt: now,
      lastCheckAt: now,
      createdAt: inst?.createdAt ?? now,
    };
    state.instances.set(instanceKey, next);
    state.saves.set(instanceKey, next);
    state.grants.push([group.appId, group.name, machineId, version, now]);
    state.history.push(next);
    state.grantedNow.set(groupKey, grantedNow + 1);
    return { kind: 'granted' } as const;
  }

  /** Stores the events of one `<app>` and moves the instance's status, in one transaction; a 3/0 may auto-pause the group. */
  private async recordEvents(ctx: CheckContext, machineId: string, events: OmahaEvent[]): Promise<void> {
    const now = this.now();
    this.written.delete(key(ctx.appId, machineId));
    let paused = false;
    await this.db.transaction(async (tx) => {
      const found = await getInstance(tx, ctx.appId, machineId);
      const inst: Instance = found ?? {
        appId: ctx.appId,
        machineId,
        group: ctx.group?.name ?? null,
        track: ctx.track,
        version: ctx.version,
        oem: ctx.oem,
        bootId: ctx.bootId,
        status: 'undefined',
        statusAt: now,
        grantedVersion: null,
        grantedAt: null,
        lastCheckAt: now,
        createdAt: now,
      };
      Object.assign(inst, { group: ctx.group?.name ?? null, track: ctx.track, version: ctx.version, oem: ctx.oem, bootId: ctx.bootId, lastCheckAt: now });
      const failed: string[] = [];
      for (const event of events) {
        const decoded = event.errorCode === undefined ? undefined : decodeErrorCode(event.errorCode);
        await tx.run(
          `INSERT INTO events (app_id, machine_id, group_name, type, result, error_code, error_base, error_flags, error_name, previous_version, version, target_version, at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
          [
            ctx.appId,
            machineId,
            inst.group,
            event.type,
            event.result,
            event.errorCode ?? null,
            decoded?.code ?? null,
            decoded ? JSON.stringify(decoded.flags) : null,
            decoded ? (errorCodeName(decoded.code) ?? null) : null,
            event.previousVersion === undefined ? null : clean(event.previousVersion),
            ctx.version,
            inst.grantedVersion,
            now,
          ],
        );
        let status = statusAfter(event);
        if (status === 'complete') {
          // A boot report of a machine that was not updating (first boot, previousversion 0.0.0.0) changes nothing.
          const reached = inst.grantedVersion !== null && compareVersions(ctx.version, inst.grantedVersion) >= 0;
          if (!UPDATING.includes(inst.status) && !reached) status = undefined;
        }
        if (status === 'error' && inst.grantedVersion) failed.push(inst.grantedVersion);
        if (status && status !== inst.status) {
          inst.status = status;
          inst.statusAt = now;
          await addHistory(tx, inst, now);
        }
      }
      await saveInstance(tx, inst);
      if (failed.length > 0 && ctx.group) {
        const group = await lockGroup(tx, this.db.dialect, ctx.group.appId, ctx.group.name);
        const version = failed[failed.length - 1] as string;
        await addActivity(tx, {
          appId: ctx.appId,
          group: ctx.group.name,
          kind: 'instance-update-failed',
          severity: 'warning',
          version,
          message: `machine ${machineId} failed to update to ${version}`,
          at: now,
        });
        const limit = group?.policy.autoPauseAfterFailures ?? null;
        if (group && limit !== null && group.policy.updatesEnabled) {
          const failures = await count(
            tx,
            'SELECT COUNT(DISTINCT machine_id) AS n FROM events WHERE app_id = $1 AND group_name = $2 AND type = 3 AND result = 0 AND target_version = $3 AND at >= $4',
            [group.appId, group.name, version, group.failuresSince],
          );
          if (failures >= limit) {
            const reason = `auto-paused: ${failures} machines failed to update to ${version} (limit ${limit})`;
            await saveGroupPolicy(tx, group, { ...group.policy, updatesEnabled: false }, reason, now);
            await addActivity(tx, { appId: group.appId, group: group.name, kind: 'group-auto-paused', severity: 'error', version, message: reason, at: now });
            paused = true;
          }
        }
      }
    });
    // A finished or failed update may lift a limit; a pause changes the configuration.
    if (paused) this.invalidate();
    else if (ctx.group) this.holds.delete(key(ctx.group.appId, ctx.group.name));
  }
}

/** What the update check knows about the asking machine. */
export interface CheckContext {
  appId: string;
  machineId: string | undefined;
  group: Group | undefined;
  track: string;
  version: string;
  oem: string;
  bootId: string;
}

function updateCheckOf(pkg: Package, codebase: string): OmahaUpdateCheck {
  return {
    status: 'ok',
    urls: [codebase],
    manifestVersion: pkg.version,
    packages: [{ name: pkg.name, size: pkg.size, sha1Base64: pkg.sha1Base64, sha256Base64: pkg.sha256Base64, required: true }],
    postinstall: { sha256Base64: pkg.sha256Base64, needsAdmin: false, isDelta: false, disablePayloadBackoff: true },
  };
}

/** A value as stored: without NUL characters (PostgreSQL text refuses them), trimmed, at most 256 characters. */
function isInt32(value: number): boolean {
  return Number.isInteger(value) && value >= -(2 ** 31) && value < 2 ** 31;
}

function clean(value: string): string {
  return value.replaceAll(String.fromCharCode(0), '').trim().slice(0, 256);
}

function daystart(now: number): number {
  const d = new Date(now);
  return d.getUTCHours() * 3600 + d.getUTCMinutes() * 60 + d.getUTCSeconds();
}

import { execFile } from 'node:child_process';
import { createHash, type KeyObject } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { promisify } from 'node:util';
import { OsImageError, USR_PATHS, verifyOsImage, type OsImageProblem } from '@strata/bootstrap';
import { backoffDelay, jittered } from '@strata/backoff';
import { silentLogger, type Logger } from '@strata/log';
import type { BootRecord } from '../os/boot';
import { armSlot, disableSlot, markSuccessful, otherSlot, readSlotTable, slotDir, writeSlotTable } from '../os/slot-table';
import { writeSlotFiles } from '../os/usr-install';
import { writeFileAtomic } from '../status/run-files';
import { ERROR_CODE, RESUMED_FLAG, UpdateFailure } from './error-codes';
import { holdAt } from './hold-point';
import { encodeOmahaRequest, OMAHA_EVENT, parseOmahaResponse, postOmaha, type OmahaEvent, type OmahaUpdate } from './omaha-client';
import { readPrefs, writePrefs, type UpdatePrefs } from './prefs';
import type { UpdateEngineSettings } from './settings';

const run = promisify(execFile);

/** update_engine's `UpdateStatus` (`UPDATE_STATUS_*`, lower case). */
export const UPDATE_STATUSES = [
  'idle',
  'checking_for_update',
  'update_available',
  'downloading',
  'verifying',
  'finalizing',
  'updated_need_reboot',
  'reporting_error_event',
] as const;
export type UpdateStatus = (typeof UPDATE_STATUSES)[number];

/** What the engine reports in `<root>/run/update-engine.status.json`. */
export interface UpdateEngineStatus {
  status: UpdateStatus;
  currentVersion: string;
  slot: string;
  newVersion: string | null;
  progress: number;
  lastCheckedTime: string | null;
  /** `pending` while the health gate of a trial boot has not passed, `passed` after, `none` on a proven slot. */
  healthGate: 'none' | 'pending' | 'passed';
  lastError: { code: number; message: string; at: string } | null;
  failures: number;
  nextCheckAt: string | null;
}

/** What the health gate needs from the agent. */
export interface MachineHealth {
  registered: boolean;
  nodeReady: boolean;
  staticPodsHealthy: boolean;
}

export interface UpdateEngineOptions {
  root: string;
  settings: UpdateEngineSettings;
  trustedKeys: KeyObject[];
  boot: BootRecord;
  machineId: string;
  health: () => MachineHealth;
  log?: Logger;
}

export function updateStatusPath(root: string): string {
  return join(root, 'run/update-engine.status.json');
}

/** Flatcar's marker that an update was applied and waits for a reboot; /run empties at boot. */
function completedMarker(root: string): string {
  return join(root, 'run/update_engine_autoupdate_completed');
}

function downloadPath(root: string): string {
  return join(root, 'var/lib/update_engine/download/payload.part');
}

const PROBLEM_CODE: Record<OsImageProblem, number> = {
  magic: ERROR_CODE.downloadInvalidMetadataMagicString,
  unsigned: ERROR_CODE.downloadSignatureMissingInManifest,
  'untrusted-key': ERROR_CODE.downloadPayloadPubKeyVerificationError,
  signature: ERROR_CODE.downloadPayloadPubKeyVerificationError,
  manifest: ERROR_CODE.downloadManifestParseError,
  content: ERROR_CODE.downloadPayloadVerificationError,
};

/**
 * The update engine of a local machine, after Flatcar's update_engine
 * (`update_attempter.cc`): on its schedule it asks the Omaha server for an update
 * (checking_for_update), downloads the payload into the machine's state, resuming an
 * interrupted download with an HTTP Range (downloading; events 13/1 and 14/1), verifies
 * its size, hashes and Ed25519 signature (verifying), writes it into the passive slot while
 * that slot is unbootable, runs the new image's postinstall and arms the slot with one try
 * (finalizing; event 3/1), then waits for a reboot (updated_need_reboot). Failures are
 * reported as 3/0 with update_engine's error code (reporting_error_event) and back off.
 *
 * After a boot it settles the update that was pending: on the new slot a health gate (the
 * Node registered and Ready, the static pods healthy, the image's own checks) marks the
 * slot successful and 3/2 is sent; a machine that came back on the old slot reports 3/0
 * with error 44 (kActionCodeRollbackError) and never installs that version again.
 */
export class UpdateEngine {
  private state: UpdateStatus = 'idle';
  private newVersion: string | null = null;
  private progress = 0;
  private lastChecked: string | null = null;
  private lastError: UpdateEngineStatus['lastError'] = null;
  private failures = 0;
  private gate: UpdateEngineStatus['healthGate'] = 'none';
  private timer: NodeJS.Timeout | undefined;
  private gateTimer: NodeJS.Timeout | undefined;
  private nextCheckAt: number | null = null;
  private running: Promise<void> | undefined;
  private flushing: Promise<void> | undefined;
  private stopped = false;
  private readonly abort = new AbortController();
  private readonly log: Logger;

  constructor(private readonly options: UpdateEngineOptions) {
    this.log = options.log ?? silentLogger;
    if (existsSync(completedMarker(options.root))) this.state = 'updated_need_reboot';
  }

  status(): UpdateEngineStatus {
    return {
      status: this.state,
      currentVersion: this.options.boot.version,
      slot: this.options.boot.slot,
      newVersion: this.newVersion,
      progress: this.progress,
      lastCheckedTime: this.lastChecked,
      healthGate: this.gate,
      lastError: this.lastError,
      failures: this.failures,
      nextCheckAt: this.nextCheckAt === null ? null : new Date(this.nextCheckAt).toISOString(),
    };
  }

  /** Settles the last update, starts the health gate of a trial boot and the check schedule. */
  start(): void {
    this.settleAfterBoot();
    const table = readSlotTable(this.options.root);
    if (this.options.boot.trial && table?.slots[this.options.boot.slot].successful === 0) {
      this.gate = 'pending';
      this.runGate();
    } else if (this.options.boot.trial) {
      this.gate = 'passed';
    }
    this.write();
    if (this.options.settings.enabled && this.options.settings.server) {
      this.schedule(this.options.settings.initialDelaySeconds * 1000);
    } else {
      this.log.info({ server: this.options.settings.server }, 'update engine: no update server or updates disabled; not checking');
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.abort.abort();
    if (this.timer) clearTimeout(this.timer);
    if (this.gateTimer) clearTimeout(this.gateTimer);
    await this.running?.catch(() => undefined);
  }

  /** Checks now (update_engine_client -check_for_update); resolves when that attempt ends. */
  async checkNow(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    await this.attempt();
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.nextCheckAt = Date.now() + delayMs;
    this.write();
    this.timer = setTimeout(() => {
      void this.attempt();
    }, delayMs);
  }

  /** The next regular check: the interval with its fuzz, or the backoff after failures. */
  private nextDelay(): number {
    const s = this.options.settings;
    if (this.failures > 0) {
      return Math.max(
        backoffDelay(this.failures - 1, { initialMs: s.retryInitialSeconds * 1000, maxMs: s.maxBackoffSeconds * 1000 }),
        s.retryInitialSeconds * 500,
      );
    }
    const fuzz = s.checkFuzzSeconds * 1000;
    return Math.max(0, s.checkIntervalSeconds * 1000 + (fuzz > 0 ? jittered(fuzz, 1) - fuzz / 2 : 0));
  }

  private attempt(): Promise<void> {
    this.running ??= this.cycle().finally(() => {
      this.running = undefined;
      this.schedule(this.nextDelay());
    });
    return this.running;
  }

  private setState(state: UpdateStatus): void {
    if (this.state !== state) this.log.info({ from: this.state, to: state, newVersion: this.newVersion }, 'update engine status');
    this.state = state;
    this.write();
  }

  private write(): void {
    try {
      writeFileAtomic(updateStatusPath(this.options.root), `${JSON.stringify(this.status(), null, 2)}\n`);
    } catch (error) {
      this.log.error({ err: error }, 'writing the update engine status failed');
    }
  }

  private async request(input: { updateCheck: boolean; events: OmahaEvent[] }): Promise<string> {
    const server = this.options.settings.server;
    if (!server) throw new UpdateFailure(ERROR_CODE.omahaRequestError, 'no update server configured');
    const body = encodeOmahaRequest({
      version: this.options.boot.version,
      track: this.options.settings.group,
      machineId: this.options.machineId,
      bootId: this.options.boot.bootId,
      updateCheck: input.updateCheck,
      ping: input.updateCheck,
      events: input.events,
    });
    return postOmaha(server, body);
  }

  /** Sends an event now, best effort, as update_engine's event actions are. */
  private async sendEvent(event: OmahaEvent): Promise<boolean> {
    try {
      await this.request({ updateCheck: false, events: [event] });
      this.log.info({ event }, 'update engine: event sent');
      return true;
    } catch (error) {
      this.log.warn({ err: error, event }, 'update engine: sending an event failed');
      return false;
    }
  }

  /**
   * Sends the events queued in the prefs (from before a reboot); those sent leave the queue.
   * One flush at a time: the settling after a boot, the health gate and the first check all
   * flush, and a queued event must reach the server once.
   */
  private flushQueuedEvents(): Promise<void> {
    this.flushing = (this.flushing ?? Promise.resolve()).catch(() => undefined).then(() => this.sendQueuedEvents());
    return this.flushing;
  }

  private async sendQueuedEvents(): Promise<void> {
    const prefs = readPrefs(this.options.root);
    const left: OmahaEvent[] = [];
    for (const event of prefs.events) if (!(await this.sendEvent(event))) left.push(event);
    if (left.length === prefs.events.length) return;
    // Events queued while these were being sent stay queued.
    const now = readPrefs(this.options.root);
    writePrefs(this.options.root, { ...now, events: [...left, ...now.events.slice(prefs.events.length)] });
  }

  private async cycle(): Promise<void> {
    await this.flushQueuedEvents();
    if (this.state === 'updated_need_reboot') {
      // As update_engine: after an update only ping, until the reboot.
      await this.request({ updateCheck: false, events: [] }).catch(() => undefined);
      this.lastChecked = new Date().toISOString();
      this.write();
      return;
    }
    if (this.state !== 'idle' || this.gate === 'pending') return;
    let resumed = false;
    try {
      this.setState('checking_for_update');
      const update = parseOmahaResponse(await this.request({ updateCheck: true, events: [] }));
      this.lastChecked = new Date().toISOString();
      if (!update) {
        this.failures = 0;
        this.setState('idle');
        return;
      }
      if (readPrefs(this.options.root).badVersions.includes(update.version)) {
        this.log.warn({ version: update.version }, 'update engine: the offered version failed its trial boot here before; not installing it');
        this.failures = 0;
        this.setState('idle');
        return;
      }
      this.newVersion = update.version;
      this.setState('update_available');
      resumed = await this.download(update);
      this.setState('verifying');
      const files = this.verify(update);
      this.setState('finalizing');
      await this.install(update, files);
      this.failures = 0;
      this.lastError = null;
      writeFileSync(completedMarker(this.options.root), '');
      this.setState('updated_need_reboot');
      await this.flushQueuedEvents();
    } catch (error) {
      if (this.stopped) return;
      const code = error instanceof UpdateFailure ? error.code : ERROR_CODE.error;
      this.failures += 1;
      this.lastError = { code, message: (error as Error).message, at: new Date().toISOString() };
      this.log.error({ err: error, code }, 'update attempt failed');
      // An Omaha request that failed has nothing to report to; anything later does.
      if (this.status().status !== 'checking_for_update') {
        this.setState('reporting_error_event');
        await this.sendEvent({ type: OMAHA_EVENT.typeUpdateComplete, result: OMAHA_EVENT.resultError, errorCode: code | (resumed ? RESUMED_FLAG : 0) });
      }
      this.newVersion = null;
      this.progress = 0;
      this.setState('idle');
    }
  }

  /** Downloads the payload, resuming a partial one of the same package; true when it resumed. */
  private async download(update: OmahaUpdate): Promise<boolean> {
    const root = this.options.root;
    const url = new URL(update.name, update.urls[0]).href;
    let prefs = readPrefs(root);
    const part = downloadPath(root);
    mkdirSync(dirname(part), { recursive: true });
    const same = prefs.download && prefs.download.sha1 === update.sha1 && prefs.download.size === update.size && existsSync(part);
    if (!same) {
      rmSync(part, { force: true });
      prefs = {
        ...prefs,
        download: {
          version: update.version,
          url,
          size: update.size,
          sha1: update.sha1,
          sha256: update.sha256,
          etag: null,
          startedEventSent: false,
          finishedEventSent: false,
        },
      };
      writePrefs(root, prefs);
    }
    const download = prefs.download;
    if (!download) throw new Error('the download record was not written');
    let have = existsSync(part) ? statSync(part).size : 0;
    if (have > update.size) {
      truncateSync(part, 0);
      have = 0;
    }
    const resumed = have > 0;
    this.setState('downloading');
    if (!download.startedEventSent) {
      await this.sendEvent({ type: OMAHA_EVENT.typeUpdateDownloadStarted, result: OMAHA_EVENT.resultSuccess });
      download.startedEventSent = true;
      writePrefs(root, { ...readPrefs(root), download });
    }
    if (have < update.size) {
      const headers: Record<string, string> = {};
      if (have > 0) {
        headers['range'] = `bytes=${have}-`;
        if (download.etag) headers['if-range'] = download.etag;
      }
      this.log.info({ url, offset: have, size: update.size }, have > 0 ? 'update engine: resuming the download' : 'update engine: downloading');
      let res: Response;
      try {
        res = await fetch(url, { headers, signal: this.abort.signal });
      } catch (error) {
        throw new UpdateFailure(ERROR_CODE.downloadTransferError, `downloading ${url}: ${(error as Error).message}`, { cause: error });
      }
      if (res.status === 200 && have > 0) {
        // The server sent the whole payload (no Range support, or it changed): start over.
        truncateSync(part, 0);
        have = 0;
      } else if (res.status === 206) {
        const start = /^bytes (\d+)-/.exec(res.headers.get('content-range') ?? '')?.[1];
        if (Number(start) !== have)
          throw new UpdateFailure(
            ERROR_CODE.downloadTransferError,
            `downloading ${url}: the server answered range ${res.headers.get('content-range')} for offset ${have}`,
          );
      } else if (!res.ok || !res.body) {
        if (res.status === 416) rmSync(part, { force: true });
        throw new UpdateFailure(ERROR_CODE.downloadTransferError, `downloading ${url}: HTTP ${res.status}`);
      }
      const etag = res.headers.get('etag');
      if (etag && etag !== download.etag) {
        download.etag = etag;
        writePrefs(root, { ...readPrefs(root), download });
      }
      let received = have;
      const body = Readable.fromWeb(res.body as unknown as WebReadableStream<Uint8Array>);
      body.on('data', (chunk: Buffer) => {
        if (received < update.size / 2 && received + chunk.length >= update.size / 2) holdAt(root, 'download');
        received += chunk.length;
        const progress = received / update.size;
        if (progress - this.progress >= 0.01 || received === update.size) {
          this.progress = progress;
          this.write();
        }
      });
      try {
        await pipeline(body, createWriteStream(part, { flags: 'a' }));
      } catch (error) {
        throw new UpdateFailure(ERROR_CODE.downloadTransferError, `downloading ${url}: ${(error as Error).message}`, { cause: error });
      }
      const size = statSync(part).size;
      if (size < update.size)
        throw new UpdateFailure(ERROR_CODE.downloadTransferError, `downloading ${url}: the transfer ended at ${size} of ${update.size} bytes`);
    }
    this.progress = 1;
    if (!download.finishedEventSent) {
      await this.sendEvent({ type: OMAHA_EVENT.typeUpdateDownloadFinished, result: OMAHA_EVENT.resultSuccess });
      download.finishedEventSent = true;
      writePrefs(root, { ...readPrefs(root), download });
    }
    return resumed;
  }

  /** Size, SHA-1, SHA-256 and signature; a payload that fails is deleted. */
  private verify(update: OmahaUpdate) {
    const part = downloadPath(this.options.root);
    const payload = readFileSync(part);
    const discard = () => {
      rmSync(part, { force: true });
      writePrefs(this.options.root, { ...readPrefs(this.options.root), download: null });
    };
    if (payload.length !== update.size) {
      discard();
      throw new UpdateFailure(ERROR_CODE.payloadSizeMismatchError, `the payload has ${payload.length} bytes, the server announced ${update.size}`);
    }
    const sha1 = createHash('sha1').update(payload).digest('base64');
    const sha256 = createHash('sha256').update(payload).digest('base64');
    if (sha1 !== update.sha1 || sha256 !== update.sha256) {
      discard();
      throw new UpdateFailure(ERROR_CODE.payloadHashMismatchError, `the payload's hash does not match the update server's (sha1 ${sha1}, sha256 ${sha256})`);
    }
    try {
      const image = verifyOsImage(payload, this.options.trustedKeys);
      if (image.manifest.version !== update.version) {
        throw new UpdateFailure(
          ERROR_CODE.downloadPayloadVerificationError,
          `the payload holds version ${image.manifest.version}, the update server offered ${update.version}`,
        );
      }
      return image.files;
    } catch (error) {
      discard();
      if (error instanceof OsImageError) throw new UpdateFailure(PROBLEM_CODE[error.problem], error.message, { cause: error });
      throw error;
    }
  }

  /** Writes the passive slot, runs its postinstall and arms it (one try). */
  private async install(update: OmahaUpdate, files: ReturnType<UpdateEngine['verify']>): Promise<void> {
    const root = this.options.root;
    const boot = this.options.boot;
    const target = otherSlot(boot.slot);
    const table = readSlotTable(root);
    if (!table) throw new UpdateFailure(ERROR_CODE.error, 'the machine has no slot table');
    // The slot is unbootable while it is written: an interrupted write is never booted.
    writeSlotTable(root, disableSlot(table, target));
    try {
      writeSlotFiles(root, target, files, (written) => {
        if (written === Math.ceil(files.length / 2)) holdAt(root, 'unpack');
      });
    } catch (error) {
      throw new UpdateFailure(ERROR_CODE.downloadWriteError, `writing ${target}: ${(error as Error).message}`, { cause: error });
    }
    const dir = slotDir(root, target);
    try {
      const postinstall = run('/bin/sh', [join(dir, USR_PATHS.postinstall), dir], {
        env: { ...process.env, STRATA_ROOT: root, STRATA_NEW_VERSION: update.version, STRATA_OLD_VERSION: boot.version },
        timeout: this.options.settings.postinstallTimeoutSeconds * 1000,
        signal: this.abort.signal,
      });
      holdAt(root, 'postinstall');
      const { stdout } = await postinstall;
      this.log.info({ slot: target, output: stdout.trim() }, 'postinstall finished');
    } catch (error) {
      const e = error as Error & { stderr?: string; code?: number | string };
      throw new UpdateFailure(
        ERROR_CODE.postinstallRunnerError,
        `the postinstall of ${update.version} failed (${e.code ?? 'killed'}): ${(e.stderr ?? e.message).trim()}`,
        { cause: error },
      );
    }
    // Known before the table names the slot, so a reboot at any instant is settled right.
    writePrefs(root, { ...readPrefs(root), pending: { slot: target, version: update.version, fromVersion: boot.version, fromBootId: boot.bootId } });
    writeSlotTable(root, armSlot(readSlotTable(root) ?? table, target, update.version), () => holdAt(root, 'slot-table'));
    holdAt(root, 'armed');
    this.finishInstall();
    this.log.info({ slot: target, version: update.version }, 'update applied; the next boot tries it once');
  }

  /**
   * What follows arming the slot, in one prefs write so that a restart can tell whether it
   * happened: the download record is dropped and the install (3/1) queued; then the payload goes.
   */
  private finishInstall(): void {
    const root = this.options.root;
    const prefs = readPrefs(root);
    const event: OmahaEvent = { type: OMAHA_EVENT.typeUpdateComplete, result: OMAHA_EVENT.resultSuccess };
    writePrefs(root, { ...prefs, download: null, events: [...prefs.events, event] });
    rmSync(downloadPath(root), { force: true });
  }

  /** After a boot (or an agent restart): settles the update that was pending. */
  private settleAfterBoot(): void {
    const root = this.options.root;
    const boot = this.options.boot;
    let prefs: UpdatePrefs = readPrefs(root);
    const pending = prefs.pending;
    if (!pending) return;
    const table = readSlotTable(root);
    const slot = table?.slots[pending.slot];
    const armed = slot !== undefined && slot.version === pending.version && slot.priority > 0;
    if (armed && prefs.download?.version === pending.version) {
      // Went down between arming the slot and reporting the install: that comes first.
      this.finishInstall();
      prefs = readPrefs(root);
    }
    if (pending.fromBootId === boot.bootId) {
      // The agent restarted in the boot that applied the update.
      if (armed) {
        this.newVersion = pending.version;
        this.state = 'updated_need_reboot';
        writeFileSync(completedMarker(root), '');
      } else {
        writePrefs(root, { ...prefs, pending: null });
      }
      return;
    }
    if (boot.slot === pending.slot) {
      // Booted the new slot; the health gate sends 3/2 once it passes. A slot already marked
      // successful passed its gate in a start that went down before reporting it.
      if (slot?.version === pending.version && slot.successful === 1 && this.queueUpdateComplete()) void this.flushQueuedEvents();
      return;
    }
    if (armed && slot.successful === 0 && slot.tries === 0) {
      this.log.error(
        { version: pending.version, slot: pending.slot, running: boot.version },
        'the update did not boot healthy; the machine fell back to the old slot (error 44)',
      );
      const event: OmahaEvent = { type: OMAHA_EVENT.typeUpdateComplete, result: OMAHA_EVENT.resultError, errorCode: ERROR_CODE.rollbackError };
      this.lastError = {
        code: ERROR_CODE.rollbackError,
        message: `version ${pending.version} failed its trial boot in ${pending.slot}`,
        at: new Date().toISOString(),
      };
      writePrefs(root, { ...prefs, pending: null, events: [...prefs.events, event], badVersions: [...new Set([...prefs.badVersions, pending.version])] });
      void this.flushQueuedEvents();
      return;
    }
    // Not armed before the machine went down: nothing was tried, the download resumes.
    writePrefs(root, { ...prefs, pending: null });
  }

  /** Queues 3/2 for the update pending in the booted slot, which is proven now; false when none is. */
  private queueUpdateComplete(): boolean {
    const prefs = readPrefs(this.options.root);
    if (!prefs.pending || prefs.pending.slot !== this.options.boot.slot) return false;
    const event: OmahaEvent = { type: OMAHA_EVENT.typeUpdateComplete, result: OMAHA_EVENT.resultSuccessReboot, previousVersion: prefs.pending.fromVersion };
    writePrefs(this.options.root, { ...prefs, pending: null, events: [...prefs.events, event] });
    return true;
  }

  private runGate(): void {
    const tick = async () => {
      this.gateTimer = undefined;
      if (this.stopped) return;
      const problems = await this.gateProblems();
      if (problems.length === 0) {
        const table = readSlotTable(this.options.root);
        if (table) writeSlotTable(this.options.root, markSuccessful(table, this.options.boot.slot), () => holdAt(this.options.root, 'mark-successful'));
        holdAt(this.options.root, 'marked-successful');
        this.gate = 'passed';
        this.log.info({ slot: this.options.boot.slot, version: this.options.boot.version }, 'health gate passed; the slot is marked successful');
        if (this.queueUpdateComplete()) await this.flushQueuedEvents();
        this.write();
        return;
      }
      this.log.info({ problems }, 'health gate not passed yet');
      this.gateTimer = setTimeout(() => void tick(), this.options.settings.healthPollSeconds * 1000);
    };
    void tick();
  }

  /** What keeps the trial boot from counting as healthy; empty when it is. */
  private async gateProblems(): Promise<string[]> {
    const h = this.options.health();
    const problems: string[] = [];
    if (!h.registered) problems.push('the Node is not registered');
    if (!h.nodeReady) problems.push('the Node is not Ready');
    if (!h.staticPodsHealthy) problems.push('static pods are not healthy');
    if (problems.length > 0) return problems;
    const usr = slotDir(this.options.root, this.options.boot.slot);
    const checksDir = join(usr, USR_PATHS.healthChecks);
    const checks = existsSync(checksDir) ? readdirSync(checksDir).sort() : [];
    for (const check of checks) {
      try {
        await run('/bin/sh', [join(checksDir, check)], {
          env: { ...process.env, STRATA_ROOT: this.options.root, STRATA_USR: usr, STRATA_VERSION: this.options.boot.version },
          timeout: 30_000,
        });
      } catch (error) {
        const e = error as Error & { stderr?: string; code?: number | string };
        problems.push(`health check ${check} failed (${e.code ?? 'killed'}): ${(e.stderr ?? '').trim()}`);
      }
    }
    return problems;
  }
}

import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { join } from 'node:path';
import { readAssetManifest } from '@strata/bootstrap';
import { Journal, type Credential, type DriverContext, type ProgressEvent } from '@strata/driver-api';
import { InputError, StrataError } from '@strata/errors';
import { clusterFiles, destroyCluster, driverContext, driverFor, planInstall, type Phase } from '@strata/install-engine';
import type { Logger } from '@strata/log';
import type { CredentialBox } from '../secrets/credential-box';
import { requireCluster } from '../services/documents';
import { LIVE_STATES, type InstallRecord } from '../store/installs-repo';
import type { Store } from '../store/store';
import { EventWriter } from './event-writer';
import { MachineWatch } from './machine-watch';
import { scrubberFor } from './scrub';
import { journalStepState, progressStepState, stepInfoOf, stepInfos, type StepInfo } from './step-views';

/** How long a stop waits for phases still settling after their abort. */
const LINGER_MS = 30_000;

/** Why a worker was stopped: a user's cancel, or the service shutting down. */
type StopReason = 'cancel' | 'shutdown';

interface Worker {
  abort: AbortController;
  done: Promise<void>;
}

/** What a runner needs. */
export interface RunnerDeps {
  store: Store;
  box: CredentialBox;
  /** `<data dir>/clusters`: one directory per install. */
  clustersDir: string;
  log: Logger;
}

class Stopped extends Error {
  constructor(readonly reason: StopReason) {
    super(reason === 'cancel' ? 'cancelled' : 'the installer service is stopping');
  }
}

function errorView(error: unknown): { message: string; problems: { path: string; message: string }[] } {
  const problems = error instanceof StrataError ? error.problems.map((p) => ({ path: p.path, message: p.message })) : [];
  return { message: error instanceof Error ? error.message : String(error), problems };
}

/** Settles with `work`, or rejects as soon as `signal` aborts (the work goes on, unawaited). */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new Stopped(signal.reason as StopReason));
  return new Promise<T>((done, fail) => {
    const onAbort = () => fail(new Stopped(signal.reason as StopReason));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        done(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        fail(error);
      },
    );
  });
}

/**
 * Runs installs and destroys, one in-process worker per install, through the same engine as
 * the `strata` CLI. A worker turns the engine's phases, report lines, driver progress events,
 * the journal's steps and the driver's machines into the install's event history; the
 * snapshot is the fold of that history. Every cluster directory is `clusters/<install id>/`.
 */
export class InstallRunner {
  private readonly workers = new Map<string, Worker>();
  /** Phases a cancel stopped waiting for, by install: the next worker of the install waits for them to settle. */
  private readonly lingering = new Map<string, Promise<void>>();

  constructor(private readonly deps: RunnerDeps) {}

  dirOf(id: string): string {
    return join(this.deps.clustersDir, id);
  }

  isRunning(id: string): boolean {
    return this.workers.has(id);
  }

  /**
   * Marks every install that was live when the service last stopped as `interrupted`, with
   * the steps the journal says were in flight. Called once at start, before any worker runs.
   */
  async recover(): Promise<void> {
    for (const install of await this.deps.store.installs.inStates(LIVE_STATES)) {
      const journal = Journal.open(clusterFiles(this.dirOf(install.id)).journal);
      const inFlight = journal.entries().filter((e) => e.state === 'creating' || e.state === 'deleting');
      const known = new Map(install.snapshot.steps.map((s) => [s.id, s]));
      const running = install.snapshot.phases.find((p) => p.state === 'running');
      const what = install.operation === 'destroy' ? 'destroying the cluster' : running ? `in phase ${running.id} (${running.title})` : 'starting';
      await this.deps.store.append(install.id, [
        ...inFlight.map((e) => {
          const step = known.get(e.step);
          return {
            type: 'step' as const,
            step: {
              id: e.step,
              kind: step?.kind ?? e.step.split('/')[0] ?? e.step,
              description: step?.description ?? e.step,
              state: journalStepState(e.state),
              updatedAt: new Date().toISOString(),
            },
          };
        }),
        ...(running ? [{ type: 'phase' as const, phase: { ...running, message: 'interrupted: the installer service stopped while this phase ran' } }] : []),
        {
          type: 'state',
          state: 'interrupted',
          error: {
            message: `the installer service stopped while ${what}${inFlight.length > 0 ? ` with ${inFlight.length} step(s) in flight (${inFlight.map((e) => e.step).join(', ')})` : ''}; resume the install to finish it through its journal`,
            problems: [],
          },
        },
      ]);
    }
  }

  /** Starts the worker of an install (its install or its destroy, as its record says). */
  start(install: InstallRecord): void {
    if (this.workers.has(install.id)) return;
    const abort = new AbortController();
    const before = this.lingering.get(install.id) ?? Promise.resolve();
    const work = before.then(() => (install.operation === 'destroy' ? this.destroy(install, abort.signal) : this.install(install, abort.signal)));
    const done = work
      .catch((error: unknown) => this.deps.log.error({ err: error, install: install.id }, 'install worker failed'))
      .finally(() => this.workers.delete(install.id));
    this.workers.set(install.id, { abort, done });
  }

  /** Aborts a running worker; it ends the install `cancelled`. */
  cancel(id: string): void {
    this.workers.get(id)?.abort.abort('cancel' satisfies StopReason);
  }

  /** Stops every worker; their installs are `interrupted`, to be resumed after the next start. */
  async stop(): Promise<void> {
    const workers = [...this.workers.values()];
    for (const w of workers) w.abort.abort('shutdown' satisfies StopReason);
    await Promise.all(workers.map((w) => w.done));
    // Phases the abort stopped waiting for keep their directory locks until they settle (provider
    // calls see the signal, so that is soon); a phase that does not is left to the process's exit.
    const settled = Promise.all(this.lingering.values());
    await Promise.race([settled, sleep(LINGER_MS, undefined, { ref: false })]);
  }

  /** The install's stored credential, opened, if it has one. */
  private async credentialOf(install: InstallRecord): Promise<Credential | undefined> {
    if (!install.credentialId) return undefined;
    const stored = await this.deps.store.credentials.get(install.credentialId);
    if (!stored) throw new InputError(`credential ${install.credentialId} of this install was deleted; store it again and start a new install`);
    return { kind: stored.summary.kind, values: this.deps.box.open(stored.summary.id, stored.sealed) };
  }

  /** The end of a worker: its final state from how it stopped. */
  private async finish(writer: EventWriter, error: unknown, cancelledState: 'cancelled' | 'interrupted' = 'cancelled'): Promise<void> {
    if (error instanceof Stopped) {
      writer.write(
        error.reason === 'cancel'
          ? { type: 'state', state: cancelledState }
          : {
              type: 'state',
              state: 'interrupted',
              error: { message: 'the installer service stopped during the install; resume it to finish through its journal', problems: [] },
            },
      );
    } else {
      writer.write({ type: 'log', level: 'error', message: errorView(error).message }, { type: 'state', state: 'failed', error: errorView(error) });
    }
    await writer.flush();
  }

  private async install(install: InstallRecord, signal: AbortSignal): Promise<void> {
    const { store } = this.deps;
    const dir = this.dirOf(install.id);
    let credential: Credential | undefined;
    let writer = new EventWriter(store, install.id, scrubberFor(), install.snapshot);
    let watch: MachineWatch | undefined;
    let release: (() => void) | undefined;
    // A phase left running by a cancel keeps the directory lock until it settles.
    let inFlight: Promise<unknown> = Promise.resolve();
    try {
      credential = await this.credentialOf(install);
      writer = new EventWriter(store, install.id, scrubberFor(Object.values(credential?.values ?? {})), install.snapshot);
      writer.write({ type: 'state', state: 'running' });
      const cluster = requireCluster(install.document, install.format);
      const driver = await driverFor(cluster);
      let clusterId = (await readAssetManifest(dir))?.clusterId ?? '';
      const provider = { ...(credential ? { credential } : {}), signal };
      // One context per cluster id (known once the assets are rendered), not a journal read per machine poll.
      let known: { clusterId: string; ctx: DriverContext } | undefined;
      const context = (): DriverContext | undefined => {
        if (!clusterId) return undefined;
        if (known?.clusterId !== clusterId) known = { clusterId, ctx: driverContext(cluster, clusterId, dir, () => undefined, provider) };
        return known.ctx;
      };
      let steps = new Map<string, StepInfo>();
      const stepsKnown = (): void => {
        const ctx = context();
        if (!ctx) return;
        steps = stepInfos(driver.plan(ctx));
        const journal = ctx.journal;
        const views = [...steps.values()].map((s) => ({
          type: 'step' as const,
          step: { ...s, state: journalStepState(journal.state(s.id)), updatedAt: new Date().toISOString() },
        }));
        writer.write(...views);
      };
      let lastLog = '';
      const onProgress = (e: ProgressEvent): void => {
        const state = progressStepState(e);
        if (e.step && state) writer.write({ type: 'step', step: { ...stepInfoOf(steps, e.step), state, updatedAt: e.time } });
        if (e.message !== lastLog) writer.write({ type: 'log', level: e.status === 'failed' ? 'warn' : 'info', message: `[${e.phase}] ${e.message}` });
        lastLog = e.message;
      };
      const planned = await planInstall(cluster, dir, onProgress, { until: install.snapshot.until, ...provider });
      release = planned.release;
      for (const phase of planned.phases) if (!writer.known(phase.id)) writer.phase(phase.id, { title: phase.title, state: 'pending' });
      if (clusterId) stepsKnown();
      watch = new MachineWatch(driver, cluster, context, (machine) => writer.write({ type: 'machine', machine }), install.snapshot.machines);
      for (const phase of planned.phases) {
        signal.throwIfAborted();
        if (phase.id === 'infrastructure') watch.start();
        await this.runPhase(phase, writer, signal, (work) => {
          inFlight = work.catch(() => undefined);
        });
        if (phase.id === 'assets') {
          clusterId = (await readAssetManifest(dir))?.clusterId ?? clusterId;
          stepsKnown();
        }
      }
      await watch.stop();
      writer.write({ type: 'state', state: 'succeeded', result: { apiUrl: planned.outcome.apiUrl, clusterId } });
      await writer.flush();
    } catch (error) {
      await watch?.stop().catch(() => undefined);
      await this.finish(writer, signal.aborted ? new Stopped(signal.reason as StopReason) : error);
    } finally {
      this.linger(
        install.id,
        inFlight.finally(() => release?.()),
      );
    }
  }

  /** Keeps `work` as what the install's next worker waits for, until it settles. */
  private linger(id: string, work: Promise<unknown>): void {
    const settled = work.then(
      () => undefined,
      () => undefined,
    );
    this.lingering.set(id, settled);
    void settled.then(() => {
      if (this.lingering.get(id) === settled) this.lingering.delete(id);
    });
  }

  private async runPhase(phase: Phase, writer: EventWriter, signal: AbortSignal, track: (work: Promise<unknown>) => void): Promise<void> {
    const started = Date.now();
    writer.phase(phase.id, {
      title: phase.title,
      state: 'running',
      startedAt: new Date(started).toISOString(),
      endedAt: undefined,
      durationMs: undefined,
      message: undefined,
      summary: undefined,
      waitingFor: undefined,
    });
    let waitingFor = '';
    const report = (message: string): void => {
      if (message === waitingFor) return;
      waitingFor = message;
      writer.phase(phase.id, { waitingFor: message });
    };
    const ended = () => ({ endedAt: new Date().toISOString(), durationMs: Date.now() - started, waitingFor: undefined });
    try {
      const work = phase.run(report);
      track(work);
      const summary = await untilAborted(work, signal);
      writer.phase(phase.id, { state: 'succeeded', ...ended(), ...(summary ? { summary } : {}) });
    } catch (error) {
      writer.phase(phase.id, { state: 'failed', ...ended(), message: error instanceof Stopped ? error.message : errorView(error).message });
      throw error;
    }
  }

  private async destroy(install: InstallRecord, signal: AbortSignal): Promise<void> {
    const { store } = this.deps;
    const dir = this.dirOf(install.id);
    let writer = new EventWriter(store, install.id, scrubberFor(), install.snapshot);
    try {
      const credential = await this.credentialOf(install);
      writer = new EventWriter(store, install.id, scrubberFor(Object.values(credential?.values ?? {})), install.snapshot);
      if (install.state !== 'destroying') writer.write({ type: 'state', state: 'destroying' });
      const manifest = await readAssetManifest(dir);
      if (!existsSync(dir) || !manifest) {
        writer.write({ type: 'log', level: 'info', message: 'nothing to destroy: the install created no assets' }, { type: 'state', state: 'destroyed' });
        await writer.flush();
        return;
      }
      const cluster = requireCluster(install.document, install.format);
      const started = Date.now();
      writer.phase('destroy', {
        title: `Delete every resource of cluster ${cluster.metadata.name}`,
        state: 'running',
        startedAt: new Date(started).toISOString(),
      });
      let steps = new Map<string, StepInfo>();
      const work = destroyCluster(cluster, manifest.clusterId, dir, {
        holder: `installer service destroy ${cluster.metadata.name}`,
        ...(credential ? { credential } : {}),
        signal,
        onPlan: (plan) => (steps = stepInfos(plan)),
        onEvent: (e) => {
          const state = progressStepState(e);
          if (e.step && state) writer.write({ type: 'step', step: { ...stepInfoOf(steps, e.step), state, updatedAt: e.time } });
          writer.write({ type: 'log', level: e.status === 'failed' ? 'warn' : 'info', message: `[${e.phase}] ${e.message}` });
        },
      });
      // A destroy the abort stopped waiting for keeps the directory lock until it settles.
      this.linger(install.id, work);
      try {
        const result = await untilAborted(work, signal);
        const summary = `${result.deleted.length} resources deleted${result.swept.length ? `, ${result.swept.length} leftovers swept` : ''}`;
        writer.phase('destroy', { state: 'succeeded', endedAt: new Date().toISOString(), durationMs: Date.now() - started, summary });
        writer.write({ type: 'state', state: 'destroyed' });
        await writer.flush();
      } catch (error) {
        writer.phase('destroy', { state: 'failed', endedAt: new Date().toISOString(), message: errorView(error).message });
        throw error;
      }
    } catch (error) {
      await this.finish(writer, signal.aborted ? new Stopped(signal.reason as StopReason) : error, 'interrupted');
    }
  }
}

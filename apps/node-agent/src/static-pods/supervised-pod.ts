import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, closeSync, mkdirSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { backoffDelay } from '@strata/backoff';
import type { StaticPodProcess } from '@strata/bootstrap';
import { createLogger, type Logger } from '@strata/log';
import type { StaticPodStatus } from './pod-status';
import type { RestartBackoff } from './restart-backoff';
import { runHttpProbe, type HttpProbe, type PodProbes } from './probe';

/** What a supervised pod needs from its supervisor. */
export interface PodContext {
  root: string;
  log: Logger;
  backoff: RestartBackoff;
  stopGraceMs: number;
  /** Whether to run the manifest's HTTP probes (liveness restarts included). */
  probes: boolean;
  env: Record<string, string>;
  /** Called whenever the reported status changes. */
  changed: () => void;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The message of the line written into a pod's log before each run (the local driver looks for it to find the last run). */
export const POD_STARTING = 'static pod starting';

/**
 * One static pod run as a supervised process: spawned with its output appended to its
 * log file, restarted after the workspace's backoff whenever it exits (restart policy
 * Always), probed with its startup and liveness probes, and stopped with SIGTERM, then
 * SIGKILL after the grace period. Each run in the log file begins with a `static pod
 * starting` line and ends with a `static pod exited` line of the agent, JSON in the format
 * of @strata/log, between the pod's own output.
 */
export class SupervisedPod {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  private state: StaticPodStatus['state'] = 'starting';
  private restarts = 0;
  private failures = 0;
  private startedAtMs: number | undefined;
  private lastExit: StaticPodStatus['lastExit'] = null;
  private nextRestartAtMs: number | undefined;
  private restartTimer: NodeJS.Timeout | undefined;
  private probeTimer: NodeJS.Timeout | undefined;
  private probeFailures = 0;
  private started = false;
  private ready = false;
  private killReason: string | null = null;
  private stopping = false;
  /** Writes the agent's lines into the pod's log file, whatever the agent's log level. */
  private readonly podLog: Logger;

  constructor(
    readonly manifest: string,
    readonly hash: string,
    readonly spec: StaticPodProcess,
    private readonly probes: PodProbes,
    private readonly logFile: string,
    private readonly pidFile: string,
    private readonly ctx: PodContext,
  ) {
    this.podLog = createLogger('node-agent', { level: 'info', destination: { write: (line: string) => appendFileSync(this.logFile, line) } });
  }

  get name(): string {
    return this.spec.name;
  }

  status(): StaticPodStatus {
    return {
      name: this.spec.name,
      manifest: this.manifest,
      image: this.spec.image,
      command: this.spec.command,
      state: this.state,
      pid: this.child?.pid ?? null,
      restarts: this.restarts,
      ready: this.ready,
      startedAt: this.startedAtMs === undefined ? null : iso(this.startedAtMs),
      lastExit: this.lastExit,
      nextRestartAt: this.state === 'backoff' && this.nextRestartAtMs !== undefined ? iso(this.nextRestartAtMs) : null,
      error: null,
      log: this.logFile,
    };
  }

  /** Spawns the process (first start or restart). */
  start(): void {
    if (this.stopping) return;
    this.restartTimer = undefined;
    mkdirSync(dirname(this.logFile), { recursive: true });
    this.podLog.info({ pod: this.spec.name, restarts: this.restarts, command: this.spec.command, args: this.spec.args }, POD_STARTING);
    const fd = openSync(this.logFile, 'a');
    let child: ChildProcess;
    try {
      // The pod shares the agent's process group: stopping the group stops the machine.
      child = spawn(this.spec.command, this.spec.args, { cwd: this.ctx.root, env: this.ctx.env, stdio: ['ignore', fd, fd] });
    } finally {
      closeSync(fd);
    }
    this.child = child;
    this.startedAtMs = Date.now();
    this.state = 'starting';
    this.started = false;
    this.ready = false;
    this.probeFailures = 0;
    this.killReason = null;
    this.exited = new Promise((resolveExit) => {
      let done = false;
      const finish = (code: number | null, signal: string | null, reason: string | null) => {
        if (done) return;
        done = true;
        this.onExit(child, code, signal, reason);
        resolveExit();
      };
      child.once('exit', (code, signal) => finish(code, signal, null));
      child.once('error', (error) => finish(null, null, `could not start: ${error.message}`));
    });
    if (child.pid !== undefined) {
      mkdirSync(dirname(this.pidFile), { recursive: true });
      writeFileSync(this.pidFile, `${child.pid}\n`);
      this.ctx.log.info({ pod: this.spec.name, podPid: child.pid, restarts: this.restarts }, 'static pod started');
    }
    this.scheduleProbe(true);
    this.ctx.changed();
  }

  private onExit(child: ChildProcess, code: number | null, signal: string | null, reason: string | null): void {
    if (this.child !== child) return;
    this.clearProbe();
    rmSync(this.pidFile, { force: true });
    const now = Date.now();
    const ranFor = now - (this.startedAtMs ?? now);
    this.child = undefined;
    this.ready = false;
    this.lastExit = { code, signal, at: iso(now), reason: reason ?? this.killReason };
    if (this.stopping) {
      this.state = 'stopped';
      this.ctx.log.info({ pod: this.spec.name, code, signal }, 'static pod stopped');
      this.ctx.changed();
      return;
    }
    if (ranFor >= this.ctx.backoff.resetAfterMs) this.failures = 0;
    const delay = backoffDelay(this.failures, this.ctx.backoff);
    this.failures++;
    this.state = 'backoff';
    this.nextRestartAtMs = now + delay;
    const exit = { pod: this.spec.name, code, signal, reason: this.lastExit.reason, ranForMs: ranFor, restartInMs: delay };
    this.ctx.log.warn(exit, 'static pod exited; restarting after backoff');
    this.podLog.info(exit, 'static pod exited; restarting after backoff');
    this.restartTimer = setTimeout(() => {
      this.restarts++;
      try {
        this.start();
      } catch (error) {
        this.ctx.log.error({ pod: this.spec.name, err: error }, 'static pod could not be restarted');
      }
    }, delay);
    this.ctx.changed();
  }

  private clearProbe(): void {
    if (this.probeTimer) clearTimeout(this.probeTimer);
    this.probeTimer = undefined;
  }

  /** The probe in force: the startup probe until it passes, then the liveness probe. */
  private currentProbe(): HttpProbe | undefined {
    return this.started ? this.probes.liveness : (this.probes.startup ?? this.probes.liveness);
  }

  private scheduleProbe(first: boolean): void {
    const probe = this.ctx.probes ? this.currentProbe() : undefined;
    if (!probe) {
      // Without a probe a running process counts as ready.
      this.started = true;
      this.ready = true;
      this.state = 'running';
      return;
    }
    const delayMs = (first ? probe.initialDelaySeconds : probe.periodSeconds) * 1000;
    this.probeTimer = setTimeout(() => void this.probe(probe), delayMs);
  }

  private async probe(probe: HttpProbe): Promise<void> {
    const child = this.child;
    if (!child || this.stopping) return;
    const ok = await runHttpProbe(probe);
    if (this.child !== child || this.stopping) return;
    const before = `${this.state}/${this.ready}`;
    if (ok) {
      this.probeFailures = 0;
      const wasStarting = !this.started;
      this.started = true;
      this.ready = true;
      this.state = 'running';
      if (wasStarting) this.ctx.log.info({ pod: this.spec.name }, 'static pod passed its startup probe');
      this.probeTimer = setTimeout(() => void this.probe(this.probes.liveness ?? probe), probe.periodSeconds * 1000);
    } else {
      this.probeFailures++;
      this.ready = false;
      if (this.probeFailures >= probe.failureThreshold) {
        const kind = this.started ? 'liveness' : 'startup';
        this.killReason = `${kind} probe failed ${this.probeFailures} times (${probe.scheme} ${probe.host}:${probe.port}${probe.path})`;
        this.ctx.log.warn({ pod: this.spec.name, reason: this.killReason }, 'static pod failed its probe; killing it');
        void this.terminate(child);
      } else {
        this.probeTimer = setTimeout(() => void this.probe(probe), probe.periodSeconds * 1000);
      }
    }
    if (`${this.state}/${this.ready}` !== before) this.ctx.changed();
  }

  /** SIGTERM, then SIGKILL after the grace period; resolves once the process has ended. */
  private async terminate(child: ChildProcess): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null) return this.exited;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), this.ctx.stopGraceMs);
    await this.exited;
    clearTimeout(timer);
  }

  /** No more restarts (the machine is shutting down); a pod waiting to restart counts as stopped. The process keeps running. */
  hold(): void {
    this.stopping = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = undefined;
    this.clearProbe();
    if (!this.child && this.state !== 'stopped') {
      this.state = 'stopped';
      this.ctx.changed();
    }
  }

  /** Stops the pod for good: no restart afterwards. */
  async stop(): Promise<void> {
    this.hold();
    const child = this.child;
    if (!child) {
      this.state = 'stopped';
      this.ctx.changed();
      return;
    }
    this.state = 'stopping';
    this.ctx.changed();
    await this.terminate(child);
  }
}

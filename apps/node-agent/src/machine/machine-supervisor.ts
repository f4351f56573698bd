import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { backoffDelay } from '@strata/backoff';
import { silentLogger, type Logger } from '@strata/log';
import { DEFAULT_RESTART_BACKOFF, type RestartBackoff } from '../static-pods/restart-backoff';
import { writeFileAtomic } from '../status/run-files';
import { machineStatusPath, type MachineStatus } from './machine-status';

/** Environment variables through which the supervisor tells a restarted agent about its restarts. */
export const RESTARTS_ENV = 'STRATA_NODE_AGENT_RESTARTS';
export const LAST_EXIT_ENV = 'STRATA_NODE_AGENT_LAST_EXIT';

/** `killed by SIGKILL at <time>` or `exit code 1 at <time>`. */
export function describeExit(exit: MachineStatus['agent']['lastExit']): string | null {
  if (!exit) return null;
  return `${exit.signal ? `killed by ${exit.signal}` : `exit code ${exit.code}`} at ${exit.at}`;
}

/** What the supervisor passed to this agent process: undefined when it was not restarted. */
export function agentRestartsFromEnv(env: NodeJS.ProcessEnv = process.env): { count: number; lastExit: string | null } | undefined {
  const count = Number(env[RESTARTS_ENV]);
  if (!Number.isInteger(count) || count <= 0) return undefined;
  return { count, lastExit: env[LAST_EXIT_ENV] || null };
}

/** Options of {@link superviseMachine}. */
export interface MachineSupervisorOptions {
  root: string;
  /** The agent's command line; it is started again, with the same arguments, whenever it exits. */
  command: string;
  args: string[];
  backoff?: RestartBackoff;
  /** SIGTERM → SIGKILL grace period for the agent on stop (default 30 s: it stops its static pods first). */
  stopGraceMs?: number;
  log?: Logger;
  /**
   * The boot step, run before the first start and on every reboot (`bootMachine`): it
   * chooses the `/usr` slot and returns the agent command line of that slot, replacing
   * `command` and `args`.
   */
  boot?: () => Promise<BootedAgent>;
  /**
   * A boot of an unproven slot must be confirmed (its slot marked successful by the agent's
   * health gate) within this time, or the machine reboots, as a hardware watchdog would;
   * the boot loader then falls back to the other slot. Default 5 minutes.
   */
  healthDeadlineMs?: number;
  /** True once the running trial boot was confirmed. */
  bootConfirmed?: () => boolean;
  /** Ends every process of the machine that outlived its agent (a reboot leaves none running). */
  sweep?: () => Promise<void>;
}

/** What a boot starts: the booted slot's agent. */
export interface BootedAgent {
  command: string;
  args: string[];
  /** The slot is on trial: the health deadline applies. */
  trial: boolean;
  bootId: string;
}

/** A running supervisor. */
export interface MachineSupervisor {
  status(): MachineStatus;
  /** Stops the agent (SIGTERM, then SIGKILL after the grace period) and restarts nothing more. */
  stop(): Promise<void>;
  /** Stops every process of the machine, runs the boot step again and starts the chosen slot's agent. */
  reboot(reason: string): Promise<void>;
  /** Resolves once the first boot has started its agent. */
  ready: Promise<void>;
}

/**
 * Keeps a machine's node agent running, as systemd keeps the kubelet running on a real
 * machine (`Restart=always` with a growing delay): an agent that exits for any reason is
 * started again within 1 s, 2 s, 4 s … at most 60 s (`@strata/backoff`), starting over once it has run for two
 * minutes. The agent shares the supervisor's process group and output; its static pods
 * survive a killed agent and the next agent adopts them (it ends and restarts them).
 */
export function superviseMachine(options: MachineSupervisorOptions): MachineSupervisor {
  const root = resolve(options.root);
  const log = options.log ?? silentLogger;
  const backoff = options.backoff ?? DEFAULT_RESTART_BACKOFF;
  let state: MachineStatus['state'] = 'running';
  let child: ChildProcess | undefined;
  let startedAtMs = 0;
  let failures = 0;
  let restartTimer: NodeJS.Timeout | undefined;
  let watchdog: NodeJS.Timeout | undefined;
  let command = options.command;
  let args = options.args;
  let boot: MachineStatus['boot'] = null;
  let boots = 0;
  const agent: MachineStatus['agent'] = { pid: null, startedAt: null, restarts: 0, lastExit: null, nextRestartAt: null };

  const status = (): MachineStatus => ({
    version: 1,
    pid: process.pid,
    state,
    updatedAt: new Date().toISOString(),
    agent: { ...agent },
    boot,
    boots,
  });
  const write = () => {
    try {
      writeFileAtomic(machineStatusPath(root), `${JSON.stringify(status(), null, 2)}\n`);
    } catch (error) {
      log.error({ err: error }, 'writing the machine status file failed');
    }
  };
  let exited: Promise<void> = Promise.resolve();

  const start = () => {
    restartTimer = undefined;
    if (state === 'stopping' || state === 'stopped') return;
    // The agent tells the API it was restarted (its Ready message), as the kubelet's events do.
    const env = { ...process.env, [RESTARTS_ENV]: String(agent.restarts), [LAST_EXIT_ENV]: describeExit(agent.lastExit) ?? '' };
    const proc = spawn(command, args, { stdio: 'inherit', env });
    child = proc;
    startedAtMs = Date.now();
    state = 'running';
    Object.assign(agent, { pid: proc.pid ?? null, startedAt: new Date(startedAtMs).toISOString(), nextRestartAt: null });
    log.info({ agentPid: proc.pid, restarts: agent.restarts }, 'node agent started');
    write();
    exited = new Promise((resolveExit) => {
      proc.once('error', (error) => log.error({ err: error }, 'node agent did not start'));
      proc.once('exit', (code, signal) => {
        child = undefined;
        agent.pid = null;
        agent.lastExit = { code, signal, at: new Date().toISOString() };
        resolveExit();
        if (state === 'stopping' || state === 'stopped' || state === 'rebooting') return;
        failures = Date.now() - startedAtMs >= backoff.resetAfterMs ? 0 : failures;
        const delay = backoffDelay(failures, backoff);
        failures += 1;
        state = 'restarting';
        agent.nextRestartAt = new Date(Date.now() + delay).toISOString();
        log.warn({ code, signal, delayMs: delay }, 'node agent exited; restarting');
        write();
        restartTimer = setTimeout(() => {
          agent.restarts += 1;
          start();
        }, delay);
      });
    });
  };
  const stopAgent = async () => {
    if (restartTimer) clearTimeout(restartTimer);
    restartTimer = undefined;
    if (watchdog) clearTimeout(watchdog);
    watchdog = undefined;
    const proc = child;
    if (proc) {
      proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), options.stopGraceMs ?? 30_000);
      await exited;
      clearTimeout(timer);
    }
  };

  let stopping: Promise<void> | undefined;
  let rebooting: Promise<void> | undefined;

  const bootAndStart = async () => {
    if (options.boot) {
      const booted = await options.boot();
      command = booted.command;
      args = booted.args;
      boots += 1;
      boot = { id: booted.bootId, trial: booted.trial, at: new Date().toISOString() };
      failures = 0;
      agent.restarts = 0;
      agent.lastExit = null;
      if (booted.trial) {
        const deadline = options.healthDeadlineMs ?? 300_000;
        const check = () => {
          watchdog = undefined;
          if (options.bootConfirmed?.()) return;
          log.error({ deadlineMs: deadline, bootId: booted.bootId }, 'the trial boot was not confirmed healthy in time; rebooting');
          void reboot('health deadline passed');
        };
        watchdog = setTimeout(check, deadline);
      }
    }
    if (state === 'stopping' || state === 'stopped') return;
    start();
  };

  const reboot = (reason: string): Promise<void> => {
    if (stopping) return stopping;
    rebooting ??= (async () => {
      log.info({ reason }, 'rebooting the machine');
      state = 'rebooting';
      write();
      await stopAgent();
      await options.sweep?.();
      await bootAndStart();
    })().finally(() => {
      rebooting = undefined;
    });
    return rebooting;
  };

  const ready = bootAndStart();

  const stop = () => {
    stopping ??= (async () => {
      await rebooting?.catch(() => undefined);
      state = 'stopping';
      write();
      await stopAgent();
      state = 'stopped';
      write();
    })();
    return stopping;
  };
  return { status, stop, reboot, ready };
}

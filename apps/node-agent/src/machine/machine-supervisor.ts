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
}

/** A running supervisor. */
export interface MachineSupervisor {
  status(): MachineStatus;
  /** Stops the agent (SIGTERM, then SIGKILL after the grace period) and restarts nothing more. */
  stop(): Promise<void>;
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
  const agent: MachineStatus['agent'] = { pid: null, startedAt: null, restarts: 0, lastExit: null, nextRestartAt: null };

  const status = (): MachineStatus => ({ version: 1, pid: process.pid, state, updatedAt: new Date().toISOString(), agent: { ...agent } });
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
    const proc = spawn(options.command, options.args, { stdio: 'inherit', env });
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
        if (state === 'stopping' || state === 'stopped') return;
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
  start();

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      state = 'stopping';
      if (restartTimer) clearTimeout(restartTimer);
      write();
      const proc = child;
      if (proc) {
        proc.kill('SIGTERM');
        const timer = setTimeout(() => proc.kill('SIGKILL'), options.stopGraceMs ?? 30_000);
        await exited;
        clearTimeout(timer);
      }
      state = 'stopped';
      write();
    })();
    return stopping;
  };
  return { status, stop };
}

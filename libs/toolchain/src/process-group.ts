import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, openSync, closeSync } from 'node:fs';
import { dirname } from 'node:path';

/** What to run: a program, its arguments, and where its output goes. */
export interface SpawnSpec {
  name: string;
  command: string;
  args: string[];
  env?: Record<string, string>;
  cwd?: string;
  /** stdout and stderr are appended here; without it output is discarded. */
  logFile?: string;
}

export interface ManagedProcess {
  readonly name: string;
  readonly pid: number;
  readonly child: ChildProcess;
  /** Resolves with the exit code (or signal name) once the process has ended. */
  readonly exited: Promise<number | string>;
  running(): boolean;
}

/**
 * Owns a set of child processes and guarantees none outlives it: `stopAll` ends them
 * (SIGTERM, then SIGKILL after a grace period), and if the owning process exits first,
 * even on an uncaught error, every child is killed synchronously. Each child runs in its
 * own process group so that whatever it forks dies with it.
 */
export class ProcessGroup {
  private readonly processes = new Map<number, ManagedProcess>();
  private readonly onExit = () => this.killAllNow();

  constructor() {
    process.on('exit', this.onExit);
  }

  spawn(spec: SpawnSpec): ManagedProcess {
    let fd: number | undefined;
    if (spec.logFile) {
      mkdirSync(dirname(spec.logFile), { recursive: true });
      fd = openSync(spec.logFile, 'a');
    }
    const child = spawn(spec.command, spec.args, {
      cwd: spec.cwd,
      env: { ...process.env, ...spec.env },
      stdio: ['ignore', fd ?? 'ignore', fd ?? 'ignore'],
      detached: true,
    });
    if (fd !== undefined) closeSync(fd);
    if (child.pid === undefined) {
      throw new Error(`starting ${spec.name} (${spec.command}): the process did not start`);
    }
    const pid = child.pid;
    let done = false;
    const exited = new Promise<number | string>((resolveExit) => {
      child.once('exit', (code, signal) => {
        done = true;
        this.processes.delete(pid);
        resolveExit(code ?? signal ?? 'unknown');
      });
      child.once('error', () => {
        done = true;
        this.processes.delete(pid);
        resolveExit('spawn-error');
      });
    });
    const managed: ManagedProcess = { name: spec.name, pid, child, exited, running: () => !done };
    this.processes.set(pid, managed);
    return managed;
  }

  list(): ManagedProcess[] {
    return [...this.processes.values()];
  }

  /** Ends one process: SIGTERM to its group, SIGKILL after `graceMs`. */
  async stop(proc: ManagedProcess, graceMs = 5_000): Promise<void> {
    if (!proc.running()) return;
    signalGroup(proc.pid, 'SIGTERM');
    const timer = setTimeout(() => signalGroup(proc.pid, 'SIGKILL'), graceMs);
    await proc.exited;
    clearTimeout(timer);
    // Whatever the process forked into its group goes too.
    signalGroup(proc.pid, 'SIGKILL');
  }

  /** Ends every process, in reverse start order. */
  async stopAll(graceMs = 5_000): Promise<void> {
    for (const proc of this.list().reverse()) await this.stop(proc, graceMs);
    process.off('exit', this.onExit);
  }

  private killAllNow(): void {
    for (const proc of this.processes.values()) signalGroup(proc.pid, 'SIGKILL');
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

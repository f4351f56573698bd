import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { isProcessRunning } from '@strata/toolchain';

/**
 * Starts a long-lived daemon (a machine's agent, the load balancer, KWOK) that outlives
 * the installer: its own session, output appended to `logFile`, pid written to `pidFile`.
 */
export function spawnDaemon(spec: { command: string; args: string[]; logFile: string; pidFile: string; env?: Record<string, string> }): number {
  mkdirSync(dirname(spec.logFile), { recursive: true });
  mkdirSync(dirname(spec.pidFile), { recursive: true });
  const fd = openSync(spec.logFile, 'a');
  try {
    const child = spawn(spec.command, spec.args, {
      detached: true,
      stdio: ['ignore', fd, fd],
      env: { ...process.env, ...spec.env },
    });
    if (child.pid === undefined) throw new Error(`${spec.command} did not start`);
    child.unref();
    writeFileSync(spec.pidFile, `${child.pid}\n`);
    return child.pid;
  } finally {
    closeSync(fd);
  }
}

function cmdline(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    return undefined;
  }
}

const running = isProcessRunning;

/** The pid in `pidFile` if that process runs and its command line contains `marker` (guards against pid reuse). */
export function daemonPid(pidFile: string, marker: string): number | undefined {
  if (!existsSync(pidFile)) return undefined;
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  if (!Number.isInteger(pid) || pid <= 0 || !running(pid)) return undefined;
  return cmdline(pid)?.includes(marker) ? pid : undefined;
}

/** Every running process whose command line contains `marker` (a machine root, a cluster directory). */
export function processesWith(marker: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    if (cmdline(pid)?.includes(marker) && running(pid)) pids.push(pid);
  }
  return pids;
}

/**
 * True once every thread of `pid` has ended (each gone, or a zombie), which is when the
 * kernel has closed its files and sockets. A multi-threaded process (the Go control-plane
 * binaries) shows an empty command line, and its main thread a zombie, while its other
 * threads are still exiting and its listening sockets still open: neither of those means
 * its ports are free yet.
 */
function ended(pid: number): boolean {
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return true;
  }
  return tasks.every((tid) => {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const state = stat.charAt(stat.lastIndexOf(')') + 2);
      return state === 'Z' || state === 'X';
    } catch {
      return true;
    }
  });
}

/**
 * Ends every process whose command line contains `marker`: SIGTERM first so agents can
 * stop their static pods cleanly, SIGKILL for whatever is left after `graceMs`. Returns
 * once every process it found (also those that appeared while it waited) has ended
 * entirely, so their ports can be bound again, or after 5 s more at the latest.
 */
export async function stopProcessesWith(marker: string, graceMs = 10_000): Promise<number> {
  const pids = processesWith(marker);
  const seen = new Set(pids);
  const left = () => {
    for (const pid of processesWith(marker)) seen.add(pid);
    return [...seen].filter((pid) => !ended(pid));
  };
  for (const pid of pids) signal(pid, 'SIGTERM');
  const grace = AbortSignal.timeout(graceMs);
  while (!grace.aborted && left().length > 0) await sleep(100);
  for (const pid of left()) signal(pid, 'SIGKILL');
  const killed = AbortSignal.timeout(5_000);
  while (!killed.aborted && left().length > 0) await sleep(50);
  return pids.length;
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // Gone already.
  }
}

/** SIGTERM to one process, then waits up to `graceMs` for it to end (SIGKILL after that). */
export async function stopPid(pid: number, graceMs: number): Promise<void> {
  signal(pid, 'SIGTERM');
  const grace = AbortSignal.timeout(graceMs);
  while (!grace.aborted && !ended(pid)) await sleep(100);
  if (!ended(pid)) signal(pid, 'SIGKILL');
}

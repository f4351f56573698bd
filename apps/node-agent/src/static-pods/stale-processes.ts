import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '@strata/log';
import { commandLine, isRunning as alive } from '../proc/processes';

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // Gone already.
  }
}

async function waitForEnd(pid: number, ms: number): Promise<void> {
  const deadline = AbortSignal.timeout(ms);
  while (alive(pid) && !deadline.aborted) await sleep(50);
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the process has ended. */
async function end(pid: number, graceMs: number): Promise<void> {
  signal(pid, 'SIGTERM');
  await waitForEnd(pid, graceMs);
  if (alive(pid)) {
    signal(pid, 'SIGKILL');
    await waitForEnd(pid, 2_000);
  }
}

/**
 * Ends static pods that an earlier agent of this machine left running (it was killed
 * before it could stop them), so that the new agent can bind their ports. A pid counts
 * only while its command line still names the machine root, so a recycled pid is never
 * touched. Returns the names of the pods it ended.
 */
export async function reapStaleStaticPods(pidDir: string, root: string, graceMs: number, log: Logger): Promise<string[]> {
  let files: string[];
  try {
    files = readdirSync(pidDir).filter((f) => f.endsWith('.pid'));
  } catch {
    return [];
  }
  const stale = files.flatMap((file) => {
    const path = join(pidDir, file);
    const pid = Number(readFileSync(path, 'utf8').trim());
    rmSync(path, { force: true });
    const cmdline = Number.isInteger(pid) && pid > 0 && alive(pid) ? commandLine(pid) : undefined;
    return cmdline?.includes(root) ? [{ pod: file.replace(/\.pid$/, ''), pid }] : [];
  });
  await Promise.all(
    stale.map(({ pod, pid }) => {
      log.warn({ pod, podPid: pid }, 'ending a static pod left by an earlier agent');
      return end(pid, graceMs);
    }),
  );
  return stale.map((s) => s.pod);
}

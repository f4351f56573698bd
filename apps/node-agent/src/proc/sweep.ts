import { readdirSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { commandLine, isRunning } from './processes';

function processesNaming(marker: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    if (commandLine(pid)?.includes(marker) && isRunning(pid)) pids.push(pid);
  }
  return pids;
}

/**
 * Ends every process whose command line names a path inside `root` (a machine's agent and
 * static pods): SIGTERM, then SIGKILL after `graceMs`. Returns the pids it found.
 */
export async function sweepMachineProcesses(root: string, graceMs = 5_000): Promise<number[]> {
  const marker = `${root}/`;
  const found = processesNaming(marker);
  for (const pid of found) signal(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline && processesNaming(marker).length > 0) await sleep(100);
  for (const pid of processesNaming(marker)) signal(pid, 'SIGKILL');
  const killed = Date.now() + 5_000;
  while (Date.now() < killed && processesNaming(marker).length > 0) await sleep(50);
  return found;
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // Already gone.
  }
}

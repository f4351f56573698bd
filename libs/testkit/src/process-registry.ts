import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isProcessRunning } from '@strata/toolchain';

/**
 * A directory where test harnesses record the process groups they start. If a test
 * worker dies before its own clean-up runs, the suite's global teardown sweeps what is
 * recorded here, so no etcd or kube-apiserver outlives a test run.
 */
export function registryDir(): string {
  return process.env['STRATA_TESTKIT_REGISTRY'] ?? join(tmpdir(), 'strata-testkit-processes');
}

export function recordProcess(pid: number, name: string): void {
  mkdirSync(registryDir(), { recursive: true });
  writeFileSync(join(registryDir(), String(pid)), name);
}

export function forgetProcess(pid: number): void {
  rmSync(join(registryDir(), String(pid)), { force: true });
}

/** Kills every recorded process group still alive; returns the names of those it killed. */
export function sweepRecordedProcesses(): string[] {
  const killed: string[] = [];
  let entries: string[] = [];
  try {
    entries = readdirSync(registryDir());
  } catch {
    return killed;
  }
  for (const entry of entries) {
    const pid = Number(entry);
    const file = join(registryDir(), entry);
    if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) {
      try {
        process.kill(-pid, 'SIGKILL');
        killed.push(`${readFileSync(file, 'utf8')} (${pid})`);
      } catch {
        // Gone in the meantime.
      }
    }
    rmSync(file, { force: true });
  }
  return killed;
}

/** True while `pid` runs; a zombie counts as ended. */
export const isAlive = isProcessRunning;

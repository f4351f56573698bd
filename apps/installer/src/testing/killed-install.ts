import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { strataCliCommand } from '../bundle';
import { WORKSPACE_ROOT } from '@strata/toolchain';

/** How many entries the asset directory's journal holds. */
export function journalLines(dir: string): number {
  const file = join(dir, 'state/journal.jsonl');
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean).length : 0;
}

/**
 * Starts `strata install -f file --dir dir --until infrastructure` with `env` over this
 * process's environment and kills it with SIGKILL once the journal grew by `lines`;
 * resolves when it is gone, with the journal's length before and after.
 */
export async function installKilledAfter(
  file: string,
  dir: string,
  lines: number,
  env: Record<string, string>,
): Promise<{ killed: boolean; before: number; after: number }> {
  const before = journalLines(dir);
  const cli = strataCliCommand(['install', '-f', file, '--dir', dir, '--until', 'infrastructure']);
  const child = spawn(cli.command, cli.args, { cwd: WORKSPACE_ROOT, env: { ...process.env, ...env }, stdio: 'ignore' });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let killed = false;
  const deadline = Date.now() + 120_000;
  while (child.exitCode === null && Date.now() < deadline) {
    if (journalLines(dir) >= before + lines) {
      killed = child.kill('SIGKILL');
      break;
    }
    await sleep(5);
  }
  await exited;
  return { killed, before, after: journalLines(dir) };
}

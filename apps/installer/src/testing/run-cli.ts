import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WORKSPACE_ROOT } from '@strata/toolchain';
import { strataCliCommand } from '../bundle';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real `strata` CLI in a child process, the way a user does. */
export function runCli(args: string[], options: { env?: Record<string, string>; timeoutMs?: number } = {}): CliResult {
  const cli = strataCliCommand(args);
  const res = spawnSync(cli.command, cli.args, {
    cwd: WORKSPACE_ROOT,
    encoding: 'utf8',
    // Tests never touch the user's own registry of installed clusters.
    env: { ...process.env, STRATA_HOME: join(tmpdir(), 'strata-test-home'), ...options.env },
    timeout: options.timeoutMs ?? 120_000,
  });
  return { code: res.status ?? -1, stdout: res.stdout, stderr: res.stderr };
}

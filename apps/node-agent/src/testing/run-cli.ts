import { spawnSync } from 'node:child_process';
import { bundledCommand, WORKSPACE_ROOT } from '@strata/toolchain';
import { NODE_AGENT } from '../bundle';

/** Runs the real `node-agent` command line to completion. */
export async function runCli(args: string[], timeoutMs = 30_000): Promise<{ code: number; stdout: string; stderr: string }> {
  const { command, args: full, env } = await bundledCommand(NODE_AGENT, args);
  const res = spawnSync(command, full, { cwd: WORKSPACE_ROOT, encoding: 'utf8', timeout: timeoutMs, env: { ...process.env, ...env } });
  return { code: res.status ?? -1, stdout: res.stdout, stderr: res.stderr };
}

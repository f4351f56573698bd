import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ConflictError, InputError } from '@strata/errors';
import { commandLine, isRunning } from '../proc/processes';
import { NodeAgentStatusSchema, type NodeAgentStatus } from './agent-status';

/** `<root>/run/node-agent.pid`: the agent's process id while it runs. */
export function pidFilePath(root: string): string {
  return join(root, 'run/node-agent.pid');
}

/** `<root>/run/node-agent.status.json`: see {@link NodeAgentStatusSchema}. */
export function statusFilePath(root: string): string {
  return join(root, 'run/node-agent.status.json');
}

/** Writes `contents` to `path` so readers never see a half-written file. */
export function writeFileAtomic(path: string, contents: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, contents);
  renameSync(tmp, path);
}

function runningPid(path: string): number | undefined {
  let pid: number;
  try {
    pid = Number(readFileSync(path, 'utf8').trim());
  } catch {
    return undefined;
  }
  if (!Number.isInteger(pid) || pid <= 0 || !isRunning(pid)) return undefined;
  // A pid the kernel has since given to an unrelated process does not count.
  if (pid !== process.pid && !commandLine(pid)?.includes('node-agent')) return undefined;
  return pid;
}

/**
 * Writes a pid file, refusing when it names another live node-agent process (a second
 * agent for the same root, or a second load balancer on one endpoint).
 * @throws ConflictError when that process is still running.
 */
export function claimPidFile(path: string, what: string): void {
  const other = runningPid(path);
  if (other !== undefined && other !== process.pid) {
    throw new ConflictError(`${what} already runs as pid ${other} (${path}); stop it first`);
  }
  writeFileAtomic(path, `${process.pid}\n`);
}

/** Removes the pid file if it is still ours. */
export function releasePidFile(path: string): void {
  if (runningPid(path) === process.pid) rmSync(path, { force: true });
}

/**
 * Reads a machine's status file (for the driver and `strata status`).
 * @throws InputError when the file is not a valid status document; a missing file throws ENOENT.
 */
export function readNodeAgentStatus(root: string): NodeAgentStatus {
  const path = statusFilePath(root);
  const result = NodeAgentStatusSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!result.success) {
    throw new InputError(
      `${path} is not a node agent status file`,
      result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    );
  }
  return result.data;
}

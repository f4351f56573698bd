import { forgetProcess, recordProcess } from '@strata/testkit';
import { bundledCommand, WORKSPACE_ROOT, type ManagedProcess, type ProcessGroup } from '@strata/toolchain';
import { NODE_AGENT } from '../bundle';

/**
 * Starts `node-agent <args>` in `group`, recorded for the suite's global teardown (the
 * agent leads its process group, so its static pods are swept with it).
 */
export async function spawnNodeAgent(
  group: ProcessGroup,
  name: string,
  args: string[],
  logFile: string,
  env: Record<string, string> = {},
): Promise<ManagedProcess> {
  const command = await bundledCommand(NODE_AGENT, args);
  const proc = group.spawn({ name, ...command, env: { ...command.env, ...env }, cwd: WORKSPACE_ROOT, logFile });
  recordProcess(proc.pid, name);
  void proc.exited.then(() => forgetProcess(proc.pid));
  return proc;
}

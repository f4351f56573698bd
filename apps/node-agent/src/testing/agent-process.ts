import { forgetProcess, recordProcess } from '@strata/testkit';
import { bundledCommand, NODE_AGENT, WORKSPACE_ROOT, type ManagedProcess, type ProcessGroup } from '@strata/toolchain';

/**
 * Starts `node-agent <args>` in `group`, recorded for the suite's global teardown (the
 * agent leads its process group, so its static pods are swept with it).
 */
export async function spawnNodeAgent(group: ProcessGroup, name: string, args: string[], logFile: string): Promise<ManagedProcess> {
  const proc = group.spawn({ name, ...(await bundledCommand(NODE_AGENT, args)), cwd: WORKSPACE_ROOT, logFile });
  recordProcess(proc.pid, name);
  void proc.exited.then(() => forgetProcess(proc.pid));
  return proc;
}

/** Polls `probe` until it returns a value other than undefined/false, or fails after `timeoutMs` with `describe()`. */
export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  options: { timeoutMs: number; intervalMs?: number; describe?: () => string },
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  let lastError = '';
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      lastError = (error as Error).message;
    }
    await new Promise((r) => setTimeout(r, options.intervalMs ?? 250));
  }
  throw new Error(`timed out after ${options.timeoutMs} ms waiting for ${what}${lastError ? ` (last error: ${lastError})` : ''}\n${options.describe?.() ?? ''}`);
}

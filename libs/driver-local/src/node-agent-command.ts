import { join } from 'node:path';
import { compileCacheDir, ensureBundle, NODE_AGENT, WORKSPACE_ROOT } from '@strata/toolchain';

/**
 * How to start apps/node-agent: the project's Node.js runtime on the agent's prebuilt bundle
 * (rebuilt first if its sources changed), with V8's compile cache, so a machine's agent is
 * up in a fraction of a second.
 */
export async function nodeAgentCommand(args: string[]): Promise<{ command: string; args: string[]; env: Record<string, string> }> {
  return {
    command: join(WORKSPACE_ROOT, 'node_modules/.bin/node'),
    args: [await ensureBundle(NODE_AGENT), ...args],
    env: { NODE_COMPILE_CACHE: compileCacheDir() },
  };
}

import { join } from 'node:path';
import { WORKSPACE_ROOT } from '@strata/toolchain';

/** How to start apps/node-agent: the project's Node.js runtime with its TypeScript loader. */
export function nodeAgentCommand(args: string[]): { command: string; args: string[] } {
  return {
    command: join(WORKSPACE_ROOT, 'node_modules/.bin/node'),
    args: ['--import', 'tsx', join(WORKSPACE_ROOT, 'apps/node-agent/src/main.ts'), ...args],
  };
}

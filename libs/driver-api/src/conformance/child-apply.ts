import { setTimeout as sleep } from 'node:timers/promises';
import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import type { Driver, DriverContext, ResourceHandler } from '../contract';

/**
 * What a driver's test module exports as `conformanceChild` so that the suite can run an
 * apply in a process of its own and kill it: the driver, and a way to rebuild in that
 * process the context the harness describes with {@link ConformanceHarness.contextRef}.
 */
export interface ConformanceChild {
  driver: Driver;
  restoreContext(ref: string): Promise<DriverContext>;
}

const WORKSPACE_ROOT = resolve(import.meta.dirname, '../../../..');
const RUNNER = join(import.meta.dirname, 'child-apply-main.ts');

/**
 * Starts `applyPlan` in a child process: the project's Node.js with the TypeScript loader
 * on the runner, which imports `module` (absolute path) for its `conformanceChild`. Every
 * create is held `holdMs` after the provider accepted it and before the journal records
 * it, and announced on stdout as `held <step id>`, so the parent can kill the child inside
 * that window.
 */
export function spawnChildApply(module: string, ref: string, holdMs: number): ChildProcess {
  return spawn(join(WORKSPACE_ROOT, 'node_modules/.bin/node'), ['--import', 'tsx', RUNNER, module, ref, String(holdMs)], {
    cwd: WORKSPACE_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/**
 * `driver` with every create held `holdMs` after it returned: the resource exists, the
 * journal does not say so yet. `onHeld` hears of each step entering that window.
 */
export function holdingCreates(driver: Driver, holdMs: number, onHeld: (stepId: string) => void): Driver {
  const handlers: Record<string, ResourceHandler> = {};
  for (const [kind, handler] of Object.entries(driver.handlers)) {
    handlers[kind] = {
      ...handler,
      async create(ctx, step, spec, inputs) {
        const outputs = await handler.create(ctx, step, spec, inputs);
        onHeld(step.id);
        await sleep(holdMs);
        return outputs;
      },
    };
  }
  return { ...driver, handlers };
}

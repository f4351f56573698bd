#!/usr/bin/env node
/**
 * `strata`: the Strata installer CLI. Run from the repository as `npm run strata -- <command>`.
 */
import { Command, Option } from 'commander';
import { commandContext } from './cli/context';
import { registerCreateAssets } from './commands/create-assets';
import { registerDestroy } from './commands/destroy';
import { registerGather } from './commands/gather';
import { registerInstall } from './commands/install';
import { registerKubeconfig } from './commands/kubeconfig';
import { registerOs } from './commands/os';
import { registerPlan } from './commands/plan';
import { registerScale } from './commands/scale';
import { registerStatus } from './commands/status';
import { registerSchema } from './commands/schema';
import { registerUpdates } from './commands/updates';
import { registerValidate } from './commands/validate';

const program = new Command('strata')
  .description('Strata: install, inspect and destroy Kubernetes clusters')
  .addOption(new Option('-o, --output <format>', 'result format').choices(['text', 'json']).default('text'))
  .addOption(new Option('--log-level <level>', 'log verbosity (stderr)').choices(['debug', 'info', 'warn', 'error']).default('info'))
  .showHelpAfterError()
  .exitOverride((error) => {
    // Usage errors (unknown flag, missing option) are input errors: exit code 2.
    process.exit(error.exitCode === 0 ? 0 : 2);
  });

const ctx = commandContext(program);
registerValidate(program, ctx);
registerCreateAssets(program, ctx);
registerPlan(program, ctx);
registerSchema(program, ctx);
registerInstall(program, ctx);
registerStatus(program, ctx);
registerScale(program, ctx);
registerKubeconfig(program, ctx);
registerDestroy(program, ctx);
registerGather(program, ctx);
registerOs(program, ctx);
registerUpdates(program, ctx);

await program.parseAsync(process.argv);

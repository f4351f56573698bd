import { Command } from 'commander';
import { loadBalancerCommand } from './load-balancer-command';
import { machineCommand } from './machine-command';
import { runCommand } from './run-command';

/** Usage errors (unknown flag, missing option) are input errors: exit code 2. */
function usageErrorsExit2(command: Command): Command {
  return command.showHelpAfterError().exitOverride((error) => {
    process.exit(error.exitCode === 0 ? 0 : 2);
  });
}

/** The `node-agent` command line: `run`, `machine` and `load-balancer`. */
export function nodeAgentProgram(): Command {
  return usageErrorsExit2(new Command('node-agent'))
    .description('Strata node agent: the daemon of a local machine, and the local API load balancer')
    .addCommand(usageErrorsExit2(runCommand()))
    .addCommand(usageErrorsExit2(machineCommand()))
    .addCommand(usageErrorsExit2(loadBalancerCommand()));
}

import { Command } from 'commander';
import { loadBalancerCommand } from './load-balancer-command';
import { runCommand } from './run-command';

/** The `node-agent` command line: `run` and `load-balancer`. */
export function nodeAgentProgram(): Command {
  return new Command('node-agent')
    .description('Strata node agent: the daemon of a local machine, and the local API load balancer')
    .showHelpAfterError()
    .exitOverride((error) => {
      // Usage errors (unknown flag, missing option) are input errors: exit code 2.
      process.exit(error.exitCode === 0 ? 0 : 2);
    })
    .addCommand(runCommand())
    .addCommand(loadBalancerCommand());
}

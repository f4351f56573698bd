import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import { createLogger, LOG_LEVELS, type LogLevel } from '@strata/log';
import { superviseMachine } from '../machine/machine-supervisor';
import { exitWithError, stopOnSignals } from './exit';

interface MachineFlags {
  root: string;
  logLevel: LogLevel;
}

/**
 * `node-agent machine`: what boots and keeps a local machine running. It starts
 * `node-agent run` for the root and starts it again whenever it exits, like systemd does
 * with the kubelet, and reports that in `<root>/run/machine.status.json`.
 */
export function machineCommand(): Command {
  return new Command('machine')
    .description('run a local machine: start its node agent and restart it with backoff whenever it exits')
    .requiredOption('--root <dir>', 'the machine root Ignition wrote into')
    .addOption(new Option('--log-level <level>', 'log verbosity (stderr), also passed to the agent').choices(LOG_LEVELS).default('info'))
    .action((flags: MachineFlags) => {
      const log = createLogger('node-agent', { level: flags.logLevel });
      try {
        const root = resolve(flags.root);
        // The agent is this same program (bundle or source, with the same loader flags).
        const script = process.argv[1] ?? '';
        const supervisor = superviseMachine({
          root,
          command: process.execPath,
          args: [...process.execArgv, script, 'run', '--root', root, '--log-level', flags.logLevel],
          log,
        });
        stopOnSignals(log, supervisor.stop);
      } catch (error) {
        exitWithError(log, 'machine', error);
      }
    });
}

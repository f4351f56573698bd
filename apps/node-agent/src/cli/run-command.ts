import { Command, Option } from 'commander';
import { InputError } from '@strata/errors';
import { createLogger, LOG_LEVELS, type LogLevel } from '@strata/log';
import { startNodeAgent } from '../agent';
import { MACHINE_TYPES, type MachineType } from '../node/machine-size';
import { exitWithError, stopOnSignals } from './exit';

interface RunFlags {
  root: string;
  apiServer?: string;
  logLevel: LogLevel;
  healthzPort: string;
  machineType?: MachineType;
}

function port(text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0 || value > 65535) {
    throw new InputError(`--healthz-port ${text} is not a port`, [{ path: 'healthz-port', message: 'must be an integer from 0 to 65535' }]);
  }
  return value;
}

/** `node-agent run`: the machine daemon. */
export function runCommand(): Command {
  return new Command('run')
    .description('run the node agent of one local machine: static pods, Node registration, heartbeats')
    .requiredOption('--root <dir>', 'the machine root Ignition wrote into')
    .option('--api-server <url>', 'API server URL (default: its own apiserver on a control-plane machine, the cluster API endpoint on a worker)')
    .addOption(new Option('--log-level <level>', 'log verbosity (stderr)').choices(LOG_LEVELS).default('info'))
    .option('--healthz-port <port>', 'port of /healthz on the machine address (0: any free port)', '10248')
    .addOption(
      new Option('--machine-type <type>', 'machine size class advertised as capacity (default: medium on the control plane, small on workers)').choices(
        MACHINE_TYPES,
      ),
    )
    .action(async (flags: RunFlags) => {
      const log = createLogger('node-agent', { level: flags.logLevel });
      try {
        if (flags.apiServer !== undefined && !/^https:\/\/\S+$/.test(flags.apiServer)) {
          throw new InputError(`--api-server ${flags.apiServer} is not an https:// URL`, [{ path: 'api-server', message: 'must be an https:// URL' }]);
        }
        const agent = await startNodeAgent({
          root: flags.root,
          log,
          healthzPort: port(flags.healthzPort),
          ...(flags.apiServer ? { apiServer: flags.apiServer } : {}),
          ...(flags.machineType ? { machineType: flags.machineType } : {}),
        });
        stopOnSignals(log, agent.stop);
      } catch (error) {
        exitWithError(log, 'node agent', error);
      }
    });
}

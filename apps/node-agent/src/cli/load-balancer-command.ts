import { Command, Option } from 'commander';
import { InputError } from '@strata/errors';
import { parseHostPort, startLoadBalancer } from '@strata/load-balancer';
import { createLogger, LOG_LEVELS, type LogLevel } from '@strata/log';
import { claimPidFile, releasePidFile } from '../status/run-files';
import { exitWithError, stopOnSignals } from './exit';

interface LoadBalancerFlags {
  listen: string;
  backend: string[];
  pidFile?: string;
  logLevel: LogLevel;
  healthInterval: string;
}

/** `node-agent load-balancer`: the TCP load balancer in front of a local cluster's apiservers. */
export function loadBalancerCommand(): Command {
  return new Command('load-balancer')
    .description('TCP pass-through load balancer (round-robin over healthy backends) for a local API endpoint')
    .requiredOption('--listen <host:port>', 'address to listen on, e.g. 127.1.0.1:6443')
    .requiredOption('--backend <host:port>', 'a backend; repeat for each', (value: string, all: string[] = []) => [...all, value])
    .option('--pid-file <path>', 'write the process id here while running')
    .option('--health-interval <ms>', 'time between TCP health checks of each backend', '2000')
    .addOption(new Option('--log-level <level>', 'log verbosity (stderr)').choices(LOG_LEVELS).default('info'))
    .action(async (flags: LoadBalancerFlags) => {
      const log = createLogger('load-balancer', { level: flags.logLevel });
      try {
        const listen = parseHostPort(flags.listen, 'listen');
        const backends = flags.backend.map((b, i) => parseHostPort(b, `backend[${i}]`));
        const healthIntervalMs = Number(flags.healthInterval);
        if (!Number.isInteger(healthIntervalMs) || healthIntervalMs < 100) {
          throw new InputError(`--health-interval ${flags.healthInterval} is invalid`, [
            { path: 'health-interval', message: 'must be an integer of at least 100 (ms)' },
          ]);
        }
        if (flags.pidFile) claimPidFile(flags.pidFile, `the load balancer on ${flags.listen}`);
        const lb = await startLoadBalancer({ listen, backends, healthIntervalMs, log });
        stopOnSignals(log, async () => {
          await lb.close();
          if (flags.pidFile) releasePidFile(flags.pidFile);
        });
      } catch (error) {
        if (flags.pidFile) releasePidFile(flags.pidFile);
        exitWithError(log, 'load balancer', error);
      }
    });
}

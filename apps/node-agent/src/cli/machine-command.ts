import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import { ensureBundle } from '@strata/toolchain/bundle';
import { createLogger, LOG_LEVELS, type LogLevel } from '@strata/log';
import { NODE_AGENT } from '../bundle';
import { superviseMachine, type BootedAgent } from '../machine/machine-supervisor';
import { bootedAgentBundle, bootMachine, readBootRecord } from '../os/boot';
import { readSlotTable } from '../os/slot-table';
import { sweepMachineProcesses } from '../proc/sweep';
import { loadUpdateEngineSettings } from '../update/settings';
import { exitWithError, stopOnSignals } from './exit';

interface MachineFlags {
  root: string;
  logLevel: LogLevel;
  slots: boolean;
}

/**
 * `node-agent machine`: what boots and keeps a local machine running. With `--slots` each boot
 * chooses the `/usr` slot (`bootMachine`) and starts `node-agent run` from it (otherwise the
 * agent of this program), started again whenever it
 * exits, like systemd does with the kubelet; SIGUSR2 reboots the machine (every process
 * of it stops, the boot loader chooses again, a new boot id). It reports in
 * `<root>/run/machine.status.json`.
 */
export function machineCommand(): Command {
  return new Command('machine')
    .description('run a local machine: boot its /usr slot, start its node agent and restart it with backoff whenever it exits; SIGUSR2 reboots it')
    .requiredOption('--root <dir>', 'the machine root Ignition wrote into')
    .option('--slots', 'boot the agent from an A/B /usr slot (OS updates); without it the machine runs the agent of this program', false)
    .addOption(new Option('--log-level <level>', 'log verbosity (stderr), also passed to the agent').choices(LOG_LEVELS).default('info'))
    .action(async (flags: MachineFlags) => {
      const log = createLogger('node-agent', { level: flags.logLevel });
      try {
        const root = resolve(flags.root);
        // This same program (bundle or source, with the same loader flags) is the factory image's agent.
        const script = process.argv[1] ?? '';
        const agentArgs = ['run', '--root', root, '--log-level', flags.logLevel];
        const settings = loadUpdateEngineSettings(root);
        const boot = async (): Promise<BootedAgent> => {
          const record = await bootMachine(root, {
            log,
            factoryBundle: async () => readFileSync(script.endsWith('.mjs') ? script : await ensureBundle(NODE_AGENT)),
          });
          return { command: process.execPath, args: [bootedAgentBundle(root), ...agentArgs], trial: record.trial, bootId: record.bootId };
        };
        const supervisor = superviseMachine({
          root,
          command: process.execPath,
          args: [...process.execArgv, script, ...agentArgs],
          log,
          ...(flags.slots
            ? {
                boot,
                healthDeadlineMs: settings.healthDeadlineSeconds * 1000,
                bootConfirmed: () => {
                  const record = readBootRecord(root);
                  return record !== undefined && readSlotTable(root)?.slots[record.slot].successful === 1;
                },
                sweep: async () => {
                  await sweepMachineProcesses(root);
                },
              }
            : {}),
        });
        await supervisor.ready;
        process.on('SIGUSR2', () => {
          void supervisor.reboot('SIGUSR2').catch((error: unknown) => exitWithError(log, 'reboot', error));
        });
        stopOnSignals(log, supervisor.stop);
      } catch (error) {
        exitWithError(log, 'machine', error);
      }
    });
}

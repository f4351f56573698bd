import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { defineHandler } from '@strata/driver-api';
import { ProviderError } from '@strata/errors';
import { applyIgnition } from '@strata/ignition/node';
import { NODE_AGENT } from '@strata/node-agent/bundle';
import { bundledCommand } from '@strata/toolchain';
import { isOwned, writeOwner } from '../owner';
import { localPaths } from '../paths';
import { daemonPid, spawnDaemon, stopPid, stopProcessesWith } from '../processes';
import { claimAddressRange } from './address-range';

const IGNITION_DONE = 'ignition.done';

function agentPidFile(root: string): string {
  return join(root, 'run/node-agent.pid');
}

/**
 * A local machine: a directory root, its loopback address and a node-agent process. The
 * first boot applies the machine's Ignition config with the real Ignition binary, then the
 * agent starts what Ignition wrote.
 */
export const machineHandler = defineHandler({
  spec: z.object({ role: z.enum(['control-plane', 'worker']), pool: z.string().optional(), address: z.string() }),
  outputs: z.strictObject({ providerID: z.string().startsWith('local://'), address: z.string(), pid: z.string().regex(/^\d+$/) }),
  async find(ctx, step) {
    const paths = localPaths(ctx.cluster);
    const dir = paths.machineDir(step.name);
    if (!isOwned(dir, ctx.clusterId)) return undefined;
    const pid = daemonPid(join(dir, 'agent.pid'), `${dir}/`);
    if (pid === undefined) return undefined;
    return machineOutputs(ctx.cluster.metadata.name, step.name, String(step.spec['address']), pid);
  },
  async create(ctx, step) {
    const paths = localPaths(ctx.cluster);
    const dir = paths.machineDir(step.name);
    const root = paths.machineRoot(step.name);
    // An agent left from an earlier, interrupted attempt is replaced, never doubled.
    await stopProcessesWith(`${dir}/`, 10_000);
    // A resumed install whose registry entry was pruned (its installer had died) claims it again.
    claimAddressRange(ctx);
    writeOwner(dir, step.tags, { address: String(step.spec['address']) });
    if (!existsSync(join(dir, IGNITION_DONE))) {
      try {
        await applyIgnition({ config: await ctx.ignitionFor(step.name), root, users: 'skip' });
      } catch (error) {
        throw new ProviderError(`applying Ignition to machine ${step.name}: ${(error as Error).message}`, { cause: error });
      }
      writeFileSync(join(dir, IGNITION_DONE), `${new Date().toISOString()}\n`);
    }
    // The machine's supervisor starts the agent and restarts it when it dies, as systemd does the kubelet.
    // Booted from A/B /usr slots like a Container Linux machine, so OS updates install and roll back.
    const cmd = await bundledCommand(NODE_AGENT, ['machine', '--slots', '--root', root]);
    const pid = spawnDaemon({ ...cmd, logFile: join(dir, 'node-agent.log'), pidFile: join(dir, 'agent.pid') });
    return machineOutputs(ctx.cluster.metadata.name, step.name, String(step.spec['address']), pid);
  },
  async delete(ctx, step) {
    const dir = localPaths(ctx.cluster).machineDir(step.name);
    // The machine's supervisor first, alone: it stops the agent, which stops its static pods
    // in order and reports its Node NotReady while the API still answers; whatever is left
    // is ended after it.
    const agent = daemonPid(join(dir, 'agent.pid'), `${dir}/`);
    if (agent !== undefined) await stopPid(agent, 15_000);
    await stopProcessesWith(`${dir}/`);
    rmSync(dir, { recursive: true, force: true });
  },
});

function machineOutputs(cluster: string, name: string, address: string, pid: number): Record<string, string> {
  return { providerID: `local://${cluster}/${name}`, address, pid: String(pid) };
}

export { agentPidFile };

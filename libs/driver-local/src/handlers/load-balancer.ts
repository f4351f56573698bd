import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { defineHandler } from '@strata/driver-api';
import { localAddressPlan } from '@strata/cluster-config';
import { NODE_AGENT } from '@strata/node-agent/bundle';
import { bundledCommand } from '@strata/toolchain';
import { isOwned, writeOwner } from '../owner';
import { localPaths } from '../paths';
import { daemonPid, spawnDaemon, stopProcessesWith } from '../processes';

/** The API endpoint: a TCP load balancer on the range's first address in front of every control-plane machine. */
export const loadBalancerHandler = defineHandler({
  spec: z.object({ address: z.string(), port: z.number().int() }),
  outputs: z.strictObject({ pid: z.string().regex(/^\d+$/), endpoint: z.string() }),
  async find(ctx) {
    const { lbDir } = localPaths(ctx.cluster);
    const pid = isOwned(lbDir, ctx.clusterId) ? daemonPid(join(lbDir, 'lb.pid'), lbDir) : undefined;
    if (pid === undefined) return undefined;
    const plan = localAddressPlan(ctx.cluster);
    return { pid: String(pid), endpoint: `https://${plan.apiAddress}:${plan.apiPort}` };
  },
  async create(ctx, step) {
    const { lbDir } = localPaths(ctx.cluster);
    const plan = localAddressPlan(ctx.cluster);
    const backends = plan.machines.filter((m) => m.name.includes('-cp-')).map((m) => `${m.address}:${plan.apiPort}`);
    await stopProcessesWith(lbDir, 2_000);
    writeOwner(lbDir, step.tags);
    const pidFile = join(lbDir, 'lb.pid');
    const listen = `${plan.apiAddress}:${plan.apiPort}`;
    const cmd = await bundledCommand(NODE_AGENT, ['load-balancer', '--listen', listen, ...backends.flatMap((b) => ['--backend', b]), '--pid-file', pidFile]);
    const pid = spawnDaemon({ ...cmd, logFile: join(lbDir, 'lb.log'), pidFile });
    // The machines boot while the balancer starts. It is not waited for here: the KWOK step
    // waits for the API through it and fails at once, naming its log, if it has died.
    return { pid: String(pid), endpoint: `https://${listen}` };
  },
  async delete(ctx) {
    const { lbDir } = localPaths(ctx.cluster);
    await stopProcessesWith(lbDir);
    rmSync(lbDir, { recursive: true, force: true });
  },
});

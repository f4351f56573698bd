import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { defineHandler } from '@strata/driver-api';
import { binaryPath } from '@strata/toolchain';
import { localAddressPlan } from '@strata/cluster-config';
import { isOwned, writeOwner } from '../owner';
import { waitForApi } from '../api-ready';
import { bindFailure } from '../bind-failures';
import { ProviderError } from '@strata/errors';
import { localPaths } from '../paths';
import { daemonPid, spawnDaemon, stopProcessesWith } from '../processes';

/** The pod lifecycle stages (from KWOK's "fast" set) KWOK applies to pods on local workers. */
const STAGES = ['node-observe-only.yaml', 'pod-ready.yaml', 'pod-complete.yaml', 'pod-delete.yaml'];
const STAGES_DIR = resolve(import.meta.dirname, '../../kwok');

/** Label that marks the nodes whose pods KWOK runs through their lifecycle. */
export const POD_LIFECYCLE_SELECTOR = 'strata.dev/pod-lifecycle=kwok';

/**
 * The KWOK controller of a local cluster: it only reports pod status on local workers
 * (Pending → Running, completion, deletion); the real scheduler places the pods and the
 * real controllers own them. Node status stays with each machine's agent.
 */
export const kwokHandler = defineHandler({
  spec: z.object({}),
  outputs: z.strictObject({ pid: z.string().regex(/^\d+$/) }),
  async find(ctx) {
    const { kwokDir } = localPaths(ctx.cluster);
    const pid = isOwned(kwokDir, ctx.clusterId) ? daemonPid(join(kwokDir, 'kwok.pid'), kwokDir) : undefined;
    return pid === undefined ? undefined : { pid: String(pid) };
  },
  async create(ctx, step) {
    const { kwokDir, lbDir, clusterDir } = localPaths(ctx.cluster);
    await stopProcessesWith(kwokDir, 2_000);
    writeOwner(kwokDir, step.tags);
    mkdirSync(join(kwokDir, 'stages'), { recursive: true });
    const configs: string[] = [];
    for (const stage of STAGES) {
      copyFileSync(join(STAGES_DIR, stage), join(kwokDir, 'stages', stage));
      configs.push('--config', join(kwokDir, 'stages', stage));
    }
    const kubeconfig = join(kwokDir, 'kubeconfig');
    writeFileSync(kubeconfig, readFileSync(join(ctx.assetsDir, 'auth/admin.kubeconfig')), { mode: 0o600 });
    const lbLog = join(lbDir, 'lb.log');
    let cannotBind: string | undefined;
    try {
      await waitForApi(
        ctx.assetsDir,
        localAddressPlan(ctx.cluster),
        180_000,
        `the load balancer log ${lbLog} and the control-plane logs under ${join(clusterDir, 'machines')}`,
        () => {
          if (daemonPid(join(lbDir, 'lb.pid'), lbDir) === undefined) return `the API load balancer is not running; see ${lbLog}`;
          cannotBind = bindFailure(ctx.cluster);
          return cannotBind;
        },
      );
    } catch (error) {
      // A taken port does not free itself: retrying would only restart the process again.
      // Nothing of the cluster is left running, so nothing of it keeps listening either.
      if (cannotBind) {
        await stopProcessesWith(`${clusterDir}/`);
        throw new ProviderError(
          `${cannotBind}; every process of cluster ${ctx.cluster.metadata.name} was stopped. Stop that program or choose another spec.platform.local.addressRange`,
          {
            retryable: false,
            cause: error,
          },
        );
      }
      throw error;
    }
    const pid = spawnDaemon({
      command: binaryPath('kwok'),
      args: [
        `--kubeconfig=${kubeconfig}`,
        ...configs,
        `--manage-nodes-with-label-selector=${POD_LIFECYCLE_SELECTOR}`,
        '--node-lease-duration-seconds=0',
        `--cidr=${ctx.cluster.spec.networking.podCIDR}`,
        '--server-address=',
      ],
      logFile: join(kwokDir, 'kwok.log'),
      pidFile: join(kwokDir, 'kwok.pid'),
    });
    return { pid: String(pid) };
  },
  async delete(ctx) {
    const { kwokDir } = localPaths(ctx.cluster);
    await stopProcessesWith(kwokDir);
    rmSync(kwokDir, { recursive: true, force: true });
  },
});

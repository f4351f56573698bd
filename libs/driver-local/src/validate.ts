import { existsSync } from 'node:fs';
import { platformOf } from '@strata/cluster-config';
import type { DriverContext } from '@strata/driver-api';
import type { FieldProblem } from '@strata/errors';
import { IGNITION_BINARY } from '@strata/ignition/node';
import { binaryPath, type PinnedBinary } from '@strata/toolchain';
import { readOwner } from './owner';
import { localPaths } from './paths';
import { localPreflight } from './preflight';

/**
 * Checks what a local install needs before anything is created: the pinned binaries and
 * Ignition, a state directory no other cluster uses, and {@link localPreflight}: an address
 * range no other local cluster on this machine uses and free ports for every process.
 */
export async function validateLocal(ctx: DriverContext): Promise<FieldProblem[]> {
  const problems: FieldProblem[] = [];
  if (platformOf(ctx.cluster).name !== 'local') {
    return [{ path: 'spec.platform', message: 'the local driver serves spec.platform.local only' }];
  }
  const base = 'spec.platform.local';
  const paths = localPaths(ctx.cluster);

  for (const name of ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kwok'] satisfies PinnedBinary[]) {
    if (!existsSync(binaryPath(name))) {
      problems.push({ path: 'spec.kubernetesVersion', message: `the pinned ${name} is not built (${binaryPath(name)}); run npm run setup` });
    }
  }
  if (!existsSync(IGNITION_BINARY)) {
    problems.push({ path: base, message: `the Ignition binary ${IGNITION_BINARY} is missing; install the Debian package ignition` });
  }

  const owner = readOwner(paths.clusterDir);
  if (owner && owner.tags['strata.dev/cluster-id'] !== ctx.clusterId) {
    problems.push({
      path: `${base}.stateDir`,
      message: `${paths.clusterDir} already holds another cluster named "${ctx.cluster.metadata.name}" (installed from another directory); destroy it first or choose another name or stateDir`,
    });
  }
  problems.push(...(await localPreflight(ctx.cluster, ctx.clusterId)));
  return problems;
}

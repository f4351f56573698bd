import { existsSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { cidrsOverlap, localAddressPlan, platformOf } from '@strata/cluster-config';
import type { DriverContext } from '@strata/driver-api';
import type { FieldProblem } from '@strata/errors';
import { IGNITION_BINARY } from '@strata/ignition/node';
import { binaryPath, type PinnedBinary } from '@strata/toolchain';
import { readOwner } from './owner';
import { localPaths } from './paths';
import { daemonPid } from './processes';

function portFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolveFree) => {
    const server = createServer();
    server.once('error', () => resolveFree(false));
    server.listen(port, host, () => server.close(() => resolveFree(true)));
  });
}

/**
 * Checks what a local install needs before anything is created: the pinned binaries and
 * Ignition, a state directory and address range no other cluster uses, and a free API port.
 */
export async function validateLocal(ctx: DriverContext): Promise<FieldProblem[]> {
  const problems: FieldProblem[] = [];
  if (platformOf(ctx.cluster).name !== 'local') {
    return [{ path: 'spec.platform', message: 'the local driver serves spec.platform.local only' }];
  }
  const base = 'spec.platform.local';
  const paths = localPaths(ctx.cluster);
  const range = ctx.cluster.spec.platform.local?.addressRange ?? '';

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
  if (existsSync(paths.stateDir)) {
    for (const other of readdirSync(paths.stateDir)) {
      const o = readOwner(join(paths.stateDir, other));
      const otherRange = typeof o?.['addressRange'] === 'string' ? o['addressRange'] : undefined;
      if (!o || o.tags['strata.dev/cluster-id'] === ctx.clusterId || !otherRange) continue;
      if (cidrsOverlap(otherRange, range)) {
        problems.push({ path: `${base}.addressRange`, message: `${range} overlaps ${otherRange} of local cluster "${other}"; choose another range, e.g. 127.2.0.0/24` });
      }
    }
  }

  const plan = localAddressPlan(ctx.cluster);
  const lbRunning = daemonPid(join(paths.lbDir, 'lb.pid'), paths.lbDir) !== undefined;
  if (!lbRunning && !(await portFree(plan.apiAddress, plan.apiPort))) {
    problems.push({ path: `${base}.apiPort`, message: `${plan.apiAddress}:${plan.apiPort} is already in use by another program; choose another apiPort or addressRange` });
  }
  return problems;
}

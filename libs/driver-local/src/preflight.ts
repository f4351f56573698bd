import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { cidrsOverlap, localAddressPlan, machinesOf, type Cluster } from '@strata/cluster-config';
import type { FieldProblem } from '@strata/errors';
import { isOwned, readOwner } from './owner';
import { localPaths } from './paths';
import { describeHolder, portFree, portHolder } from './port-holders';
import { daemonPid } from './processes';
import { liveRanges, suggestFreeRange } from './range-registry';

/** Ports every local machine binds on its own address, besides the API port. */
const CONTROL_PLANE_PORTS: { port: number; what: string }[] = [
  { port: 2379, what: 'etcd client port' },
  { port: 2380, what: 'etcd peer port' },
  { port: 2381, what: 'etcd metrics port' },
  { port: 10257, what: 'kube-controller-manager' },
  { port: 10259, what: 'kube-scheduler' },
];
/** The node agent's health endpoint (the kubelet's healthz port). */
const AGENT_HEALTHZ_PORT = 10248;

/** A local cluster the range check knows about: from the machine-wide registry or from a shared state directory. */
interface KnownRange {
  cluster: string;
  clusterId: string;
  addressRange: string;
  where: string;
}

function knownRanges(cluster: Cluster): KnownRange[] {
  const known: KnownRange[] = liveRanges().map((e) => ({
    cluster: e.cluster,
    clusterId: e.clusterId,
    addressRange: e.addressRange,
    where: `state ${e.clusterDir}, assets ${e.assetsDir}`,
  }));
  // Clusters of the same state directory count even while stopped: their directories
  // still claim the range, and starting them again must not meet another cluster there.
  const { stateDir } = localPaths(cluster);
  if (existsSync(stateDir)) {
    for (const name of readdirSync(stateDir)) {
      const owner = readOwner(join(stateDir, name));
      const range = owner?.['addressRange'];
      const id = owner?.tags['strata.dev/cluster-id'];
      if (typeof range !== 'string' || !id || known.some((k) => k.clusterId === id)) continue;
      known.push({ cluster: name, clusterId: id, addressRange: range, where: `state ${join(stateDir, name)}` });
    }
  }
  return known;
}

/** Problems of `spec.platform.local.addressRange` against every other local cluster on this machine. */
export function addressRangeProblems(cluster: Cluster, clusterId: string): FieldProblem[] {
  const range = cluster.spec.platform.local?.addressRange;
  if (!range) return [];
  const others = knownRanges(cluster).filter((k) => k.clusterId !== clusterId);
  const clashes = others.filter((k) => cidrsOverlap(k.addressRange, range));
  if (clashes.length === 0) return [];
  const free = suggestFreeRange(
    range,
    others.map((k) => k.addressRange),
  );
  return clashes.map((k) => ({
    path: 'spec.platform.local.addressRange',
    message: `${range} overlaps ${k.addressRange} of local cluster "${k.cluster}" (${k.where}); ${free ? `choose a free range, e.g. ${free}` : 'destroy that cluster or choose a range outside it'}`,
  }));
}

/**
 * Every address and port the cluster's processes will bind that something else already
 * holds, named with the process and machine that needs it and who holds it now. Machines
 * of this cluster that already run (a resumed install) hold their own ports and are skipped.
 */
export async function portProblems(cluster: Cluster, clusterId: string): Promise<FieldProblem[]> {
  const paths = localPaths(cluster);
  const plan = localAddressPlan(cluster);
  const wanted: { host: string; port: number; what: string; path: string }[] = [];
  const lbRunning = isOwned(paths.lbDir, clusterId) && daemonPid(join(paths.lbDir, 'lb.pid'), paths.lbDir) !== undefined;
  if (!lbRunning) wanted.push({ host: plan.apiAddress, port: plan.apiPort, what: 'the API load balancer', path: 'spec.platform.local.apiPort' });
  machinesOf(cluster).forEach((m, i) => {
    const address = plan.machines[i]?.address;
    if (!address) return;
    const dir = paths.machineDir(m.name);
    if (isOwned(dir, clusterId) && daemonPid(join(dir, 'agent.pid'), `${dir}/`) !== undefined) return;
    const ports = [{ port: AGENT_HEALTHZ_PORT, what: 'node-agent healthz' }];
    if (m.role === 'control-plane') ports.push({ port: plan.apiPort, what: 'kube-apiserver' }, ...CONTROL_PLANE_PORTS);
    for (const p of ports) {
      wanted.push({
        host: address,
        port: p.port,
        what: `${p.what} of machine ${m.name}`,
        path: p.port === plan.apiPort ? 'spec.platform.local.apiPort' : 'spec.platform.local.addressRange',
      });
    }
  });
  const free = await Promise.all(wanted.map((w) => portFree(w.host, w.port)));
  // A process of this very cluster (a static pod left by a killed agent) is not in the way:
  // the machine step ends every process of its machine before it starts the machine again.
  const ours = (w: { host: string; port: number }) => portHolder(w.host, w.port)?.command.includes(`${paths.clusterDir}/`) === true;
  return wanted
    .filter((w, i) => !free[i] && !ours(w))
    .map((w) => ({
      path: w.path,
      message: `${w.host}:${w.port}, needed by ${w.what}, is already ${describeHolder(w.host, w.port)}; stop that program or choose another addressRange`,
    }));
}

/**
 * What a local install needs from this machine before anything is rendered or started:
 * an address range no other local cluster uses (across every state and asset directory)
 * and free addresses and ports for every process. `clusterId` is empty before the first
 * render.
 */
export async function localPreflight(cluster: Cluster, clusterId = ''): Promise<FieldProblem[]> {
  const problems = addressRangeProblems(cluster, clusterId);
  // Ports inside a range that belongs to another cluster are that cluster's: one problem is enough.
  if (problems.length > 0) return problems;
  return portProblems(cluster, clusterId);
}

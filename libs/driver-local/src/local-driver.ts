import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { localAddressPlan, machinesOf, platformOf } from '@strata/cluster-config';
import {
  DRIVER_CONTRACT_VERSION,
  localOwnership,
  stepTags,
  type Driver,
  type DriverContext,
  type InfraPlan,
  type MachineInfo,
  type OwnedResource,
  type PlanStep,
} from '@strata/driver-api';
import { localCatalog } from './catalog';
import { addressRangeHandler } from './handlers/address-range';
import { kwokHandler } from './handlers/kwok';
import { loadBalancerHandler } from './handlers/load-balancer';
import { machineHandler } from './handlers/machine';
import { machineHealth, type MachineHealth } from './machine-health';
import { isOwned } from './owner';
import { localPaths } from './paths';
import { daemonPid, processesWith, stopProcessesWith } from './processes';
import { localPreflight } from './preflight';
import { validateLocal } from './validate';

function plan(ctx: DriverContext): InfraPlan {
  const name = ctx.cluster.metadata.name;
  const addresses = localAddressPlan(ctx.cluster);
  const step = (id: string, kind: string, stepName: string, dependsOn: string[], spec: Record<string, unknown>): PlanStep => ({
    id,
    kind,
    name: stepName,
    dependsOn,
    spec,
    tags: stepTags(ctx.tags, id),
  });
  const steps: PlanStep[] = [
    step('network/addresses', 'address-range', name, [], { addressRange: ctx.cluster.spec.platform.local?.addressRange }),
    step('load-balancer/api', 'load-balancer', `${name}-api`, ['network/addresses'], { address: addresses.apiAddress, port: addresses.apiPort }),
  ];
  const machines = machinesOf(ctx.cluster);
  machines.forEach((m, i) => {
    steps.push(
      step(`machine/${m.name}`, 'machine', m.name, ['network/addresses', 'load-balancer/api'], {
        role: m.role,
        pool: m.pool,
        address: addresses.machines[i]?.address,
      }),
    );
  });
  steps.push(
    step(
      'pod-lifecycle/kwok',
      'kwok',
      `${name}-kwok`,
      machines.map((m) => `machine/${m.name}`),
      {},
    ),
  );
  return { cluster: name, platform: 'local', steps };
}

/**
 * A machine whose supervisor runs but whose agent is down (restarting after a crash) is
 * `pending`: on its way back up, and not healthy meanwhile.
 */
function machineState(pid: number | undefined, health: MachineHealth): Pick<MachineInfo, 'state' | 'detail'> {
  if (pid === undefined) return { state: 'stopped', detail: 'the machine is not running (no supervisor)' };
  const restarts = `${health.restarts} agent restart${health.restarts === 1 ? '' : 's'}${health.lastExit ? `, last exit: ${health.lastExit}` : ''}`;
  if (health.agent === 'running' || health.agent === 'unknown') return { state: 'running', detail: `machine pid ${pid}, node-agent running, ${restarts}` };
  return { state: 'pending', detail: `degraded: node-agent ${health.agent}, ${restarts}` };
}

async function listMachines(ctx: DriverContext): Promise<MachineInfo[]> {
  if (platformOf(ctx.cluster).name !== 'local') return [];
  const paths = localPaths(ctx.cluster);
  const addresses = localAddressPlan(ctx.cluster);
  return machinesOf(ctx.cluster).flatMap((m, i): MachineInfo[] => {
    const dir = paths.machineDir(m.name);
    if (!existsSync(dir) || !isOwned(dir, ctx.clusterId)) return [];
    const pid = daemonPid(join(dir, 'agent.pid'), `${dir}/`);
    const address = addresses.machines[i]?.address ?? '';
    return [
      {
        name: m.name,
        role: m.role,
        providerID: `local://${ctx.cluster.metadata.name}/${m.name}`,
        addresses: [
          { type: 'InternalIP', address },
          { type: 'Hostname', address: m.name },
        ],
        ...machineState(pid, machineHealth(paths.machineRoot(m.name))),
      },
    ];
  });
}

async function sweep(ctx: DriverContext): Promise<OwnedResource[]> {
  const paths = localPaths(ctx.cluster);
  const found: OwnedResource[] = [];
  const machinesDir = join(paths.clusterDir, 'machines');
  if (existsSync(machinesDir)) {
    for (const name of readdirSync(machinesDir)) {
      if (isOwned(join(machinesDir, name), ctx.clusterId)) found.push({ kind: 'machine', id: name, description: `machine ${name}` });
    }
  }
  if (isOwned(paths.lbDir, ctx.clusterId)) found.push({ kind: 'load-balancer', id: 'api', description: 'API load balancer' });
  if (isOwned(paths.kwokDir, ctx.clusterId)) found.push({ kind: 'kwok', id: 'kwok', description: 'KWOK controller' });
  if (isOwned(paths.clusterDir, ctx.clusterId)) {
    const leftovers = processesWith(`${paths.clusterDir}/`);
    if (leftovers.length > 0) found.push({ kind: 'processes', id: 'processes', description: `${leftovers.length} processes of the cluster` });
    found.push({ kind: 'address-range', id: 'addresses', description: `state directory ${paths.clusterDir}` });
  }
  return found;
}

async function deleteOwned(ctx: DriverContext, resource: OwnedResource): Promise<void> {
  const paths = localPaths(ctx.cluster);
  const fakeStep = (name: string): PlanStep => ({ id: `${resource.kind}/${name}`, kind: resource.kind, name, dependsOn: [], spec: {}, tags: ctx.tags });
  switch (resource.kind) {
    case 'machine':
      return machineHandler.delete(ctx, fakeStep(resource.id), undefined);
    case 'load-balancer':
      return loadBalancerHandler.delete(ctx, fakeStep(resource.id), undefined);
    case 'kwok':
      return kwokHandler.delete(ctx, fakeStep(resource.id), undefined);
    case 'processes':
      await stopProcessesWith(`${paths.clusterDir}/`);
      return;
    case 'address-range':
      await stopProcessesWith(`${paths.clusterDir}/`);
      return addressRangeHandler.delete(ctx, fakeStep(resource.id), undefined);
  }
}

/**
 * The local provider: machines are directory roots with their own loopback address and a
 * node-agent process, booted from the same Ignition configs a cloud machine gets.
 */
export const localDriver: Driver = {
  platform: 'local',
  contractVersion: DRIVER_CONTRACT_VERSION,
  ownership: localOwnership,
  validate: validateLocal,
  preflight: localPreflight,
  plan,
  handlers: {
    'address-range': addressRangeHandler,
    'load-balancer': loadBalancerHandler,
    machine: machineHandler,
    kwok: kwokHandler,
  },
  listMachines,
  sweep,
  deleteOwned,
  catalog: localCatalog,
};

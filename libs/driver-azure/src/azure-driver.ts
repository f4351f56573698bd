import { machinesOf } from '@strata/cluster-config';
import {
  azureOwnership,
  DRIVER_CONTRACT_VERSION,
  withRetries,
  type Driver,
  type DriverContext,
  type MachineInfo,
  type OwnedResource,
} from '@strata/driver-api';
import { parseId } from './arm';
import { azureClients, lro, resourceGroupOf } from './clients';
import { call, callOrGone, isNotFound, providerError } from './errors';
import { dnsRecordHandler, publicZoneGroup } from './handlers/dns-record';
import { loadBalancerHandler } from './handlers/load-balancer';
import { machineHandler } from './handlers/machine';
import { networkInterfaceHandler } from './handlers/network-interface';
import { networkSecurityGroupHandler } from './handlers/network-security-group';
import { privateDnsLinkHandler, privateDnsZoneHandler } from './handlers/private-dns-zone';
import { publicIpHandler } from './handlers/public-ip';
import { resourceGroupHandler } from './handlers/resource-group';
import { virtualNetworkHandler } from './handlers/virtual-network';
import { azurePlan } from './plan';
import { marksOf, ownedBy } from './tags';
import { azurePreflight, validateAzure } from './validate';
import { azureCatalog } from './catalog';
import { deleteWhenFree } from './wait';

const handlers = {
  'resource-group': resourceGroupHandler,
  'network-security-group': networkSecurityGroupHandler,
  'virtual-network': virtualNetworkHandler,
  'public-ip': publicIpHandler,
  'load-balancer': loadBalancerHandler,
  'private-dns-zone': privateDnsZoneHandler,
  'private-dns-link': privateDnsLinkHandler,
  'dns-record': dnsRecordHandler,
  'network-interface': networkInterfaceHandler,
  machine: machineHandler,
};

/** Collects an async listing, or nothing when the resource group is gone. */
async function listed<T>(what: string, pages: () => AsyncIterable<T>): Promise<T[]> {
  try {
    const out: T[] = [];
    for await (const item of pages()) out.push(item);
    return out;
  } catch (error) {
    if (isNotFound(error)) return [];
    throw providerError(what, error);
  }
}

/** The VM's state from its provisioning state and, when the listing carries it, its power state. */
function stateOf(provisioning: string | undefined, statuses: { code?: string }[] | undefined): MachineInfo['state'] {
  const power = statuses?.find((s) => s.code?.startsWith('PowerState/'))?.code?.slice('PowerState/'.length);
  if (provisioning === 'Failed') return 'failed';
  if (provisioning !== 'Succeeded') return 'pending';
  if (power === undefined || power === 'running') return 'running';
  return power === 'starting' ? 'pending' : 'stopped';
}

async function listMachines(ctx: DriverContext): Promise<MachineInfo[]> {
  const { compute, network, resourceGroup } = azureClients(ctx.cluster, ctx.credential);
  const [vms, nics] = await Promise.all([
    listed('listing virtual machines', () => compute.virtualMachines.list(resourceGroup, { expand: 'instanceView' })),
    listed('listing network interfaces', () => network.networkInterfaces.list(resourceGroup)),
  ]);
  const addressOf = new Map(nics.map((n) => [(n.id ?? '').toLowerCase(), n.ipConfigurations?.[0]?.privateIPAddress]));
  const roles = new Map(machinesOf(ctx.cluster).map((m) => [m.name, m.role]));
  return vms
    .filter((vm) => ownedBy(vm.tags, ctx.clusterId))
    .flatMap((vm): MachineInfo[] => {
      const name = vm.name ?? '';
      const role = roles.get(name);
      if (!role) return [];
      const nic = vm.networkProfile?.networkInterfaces?.[0]?.id ?? '';
      const address = addressOf.get(nic.toLowerCase());
      const state = stateOf(vm.provisioningState, vm.instanceView?.statuses);
      return [
        {
          name,
          role,
          providerID: `azure://${vm.id ?? ''}`,
          addresses: [
            ...(address ? [{ type: 'InternalIP' as const, address }] : []),
            { type: 'Hostname' as const, address: vm.osProfile?.computerName ?? name },
          ],
          state,
          detail: `${vm.hardwareProfile?.vmSize ?? ''}${vm.zones?.length ? ` in zone ${vm.zones.join(',')}` : ''}, ${vm.provisioningState ?? 'unknown'}`,
        },
      ];
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Sweep order: what holds others goes first. */
const SWEEP_ORDER = [
  'dns-record',
  'microsoft.compute/virtualmachines',
  'microsoft.network/networkinterfaces',
  'microsoft.network/privatednszones/virtualnetworklinks',
  'microsoft.network/privatednszones',
  'microsoft.network/loadbalancers',
  'microsoft.network/publicipaddresses',
  'microsoft.network/virtualnetworks',
  'microsoft.network/networksecuritygroups',
  'resource-group',
];
const orderOf = (kind: string) => {
  const i = SWEEP_ORDER.indexOf(kind.toLowerCase());
  return i < 0 ? SWEEP_ORDER.length - 1.5 : i;
};

/**
 * Everything carrying the cluster id: the resources of its resource group that carry the
 * marks (listed by the Resource Manager), the group itself when this cluster made it, and
 * the `api` record in the public zone, which lives outside the group. A resource group that
 * is gone already means nothing is left in it (no delete loop on `ResourceGroupNotFound`).
 */
async function sweep(ctx: DriverContext): Promise<OwnedResource[]> {
  const { resources, dns } = azureClients(ctx.cluster, ctx.credential);
  const rg = resourceGroupOf(ctx.cluster);
  // Each listing retries on its own, so one throttled call does not repeat the others.
  const list = <T>(fn: () => Promise<T>) => withRetries(fn, undefined, ctx.signal);
  const found: OwnedResource[] = [];
  const group = await list(() => callOrGone(`reading resource group ${rg}`, () => resources.resourceGroups.get(rg)));
  if (group) {
    const inside = await list(() => listed(`listing resource group ${rg}`, () => resources.resources.listByResourceGroup(rg)));
    for (const r of inside) {
      if (r.id && r.type && ownedBy(r.tags, ctx.clusterId)) found.push({ kind: r.type, id: r.id, description: `${r.type} ${r.name ?? r.id}` });
    }
    if (ownedBy(group.tags, ctx.clusterId)) found.push({ kind: 'resource-group', id: group.id ?? rg, description: `resource group ${rg}` });
  }
  const api = azurePlan(ctx).steps.find((s) => s.id === 'dns/api');
  const spec = api?.spec as { zone: string; relativeName: string } | undefined;
  if (spec?.zone) {
    const zoneGroup = await list(() => publicZoneGroup(ctx, spec.zone));
    if (zoneGroup) {
      const record = await list(() =>
        callOrGone(`reading DNS record ${api?.name ?? ''}`, () => dns.recordSets.get(zoneGroup, spec.zone, spec.relativeName, 'A')),
      );
      if (record?.id && marksOf(record.metadata)?.clusterId === ctx.clusterId)
        found.push({ kind: 'dns-record', id: record.id, description: `DNS record ${api?.name ?? ''}` });
    }
  }
  return found.sort((a, b) => orderOf(a.kind) - orderOf(b.kind));
}

async function deleteOwned(ctx: DriverContext, r: OwnedResource): Promise<void> {
  const { resources, network, compute, privateDns, dns } = azureClients(ctx.cluster, ctx.credential);
  const what = `deleting ${r.description}`;
  const { resourceGroup, name } = parseId(r.id);
  const [zone, link] = name.split('/');
  switch (r.kind.toLowerCase()) {
    case 'dns-record':
      // …/dnszones/<zone>/A/<name>
      await callOrGone(what, () => dns.recordSets.delete(resourceGroup, zone ?? '', link ?? '', 'A'));
      return;
    case 'microsoft.compute/virtualmachines':
      await callOrGone(what, () => compute.virtualMachines.delete(resourceGroup, name, lro()));
      return;
    case 'microsoft.network/networkinterfaces':
      return deleteWhenFree(what, () => network.networkInterfaces.beginDeleteAndWait(resourceGroup, name, lro()));
    case 'microsoft.network/privatednszones/virtualnetworklinks':
      await callOrGone(what, () => privateDns.virtualNetworkLinks.beginDeleteAndWait(resourceGroup, zone ?? '', link ?? '', lro()));
      return;
    case 'microsoft.network/privatednszones':
      return deleteWhenFree(what, () => privateDns.privateZones.beginDeleteAndWait(resourceGroup, name, lro()));
    case 'microsoft.network/loadbalancers':
      return deleteWhenFree(what, () => network.loadBalancers.beginDeleteAndWait(resourceGroup, name, lro()));
    case 'microsoft.network/publicipaddresses':
      return deleteWhenFree(what, () => network.publicIPAddresses.beginDeleteAndWait(resourceGroup, name, lro()));
    case 'microsoft.network/virtualnetworks':
      return deleteWhenFree(what, () => network.virtualNetworks.beginDeleteAndWait(resourceGroup, name, lro()));
    case 'microsoft.network/networksecuritygroups':
      return deleteWhenFree(what, () => network.networkSecurityGroups.beginDeleteAndWait(resourceGroup, name, lro()));
    case 'resource-group':
      await callOrGone(what, () => resources.resourceGroups.beginDeleteAndWait(resourceGroup, lro()));
      return;
    default:
      // A kind the plan never makes, carrying the cluster's marks: deleted through the generic API.
      await call(what, async () => {
        const provider = await resources.providers.get(r.kind.split('/')[0] ?? '');
        const type = r.kind.split('/').slice(1).join('/').toLowerCase();
        const version = provider.resourceTypes?.find((t) => t.resourceType?.toLowerCase() === type)?.apiVersions?.[0];
        if (!version) throw new Error(`no api-version known for ${r.kind}`);
        await resources.resources.beginDeleteByIdAndWait(r.id, version, lro());
      }).catch((error: unknown) => {
        if (!isNotFound((error as { cause?: unknown }).cause)) throw error;
      });
  }
}

/**
 * The Azure provider: a resource group, a virtual network with a control-plane and a
 * worker subnet behind their network security groups, a public and an internal Standard
 * load balancer for the API with its DNS records (public zone and the cluster's private
 * zone), and one Flatcar VM per machine booting from its Ignition config as customData.
 */
export const azureDriver: Driver = {
  platform: 'azure',
  contractVersion: DRIVER_CONTRACT_VERSION,
  ownership: azureOwnership,
  validate: validateAzure,
  preflight: (cluster, clusterId, credential) => azurePreflight(cluster, clusterId, credential),
  plan: azurePlan,
  handlers,
  listMachines,
  sweep,
  deleteOwned,
  catalog: azureCatalog,
};

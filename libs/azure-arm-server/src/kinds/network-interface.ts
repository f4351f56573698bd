import { API_VERSIONS } from '../api-versions';
import { ArmError } from '../errors';
import type { Json, Kind, StoredResource, World } from '../model';
import { RULES } from '../names';
import { nthAddress } from './cidr';
import {
  checkProvisioned,
  findSubResource,
  identifySubResources,
  items,
  missingReference,
  newGuid,
  nicIpConfigurations,
  propsOf,
  refId,
  requireReference,
  sameId,
} from './common';
import { checkPublicIpFree } from './public-ip-address';

/** The VM a NIC is attached to, if any. */
export function attachedVm(world: World, nicId: string): string | undefined {
  return world
    .all()
    .find(
      (r) =>
        r.kind.type === 'Microsoft.Compute/virtualMachines' &&
        (((r.properties['networkProfile'] as Json | undefined)?.['networkInterfaces'] ?? []) as Json[]).some((n) => sameId(refId(n), nicId)),
    )?.id;
}

/** The next free private address of a subnet (NIC ip configurations and load balancer frontends hold them). */
export function allocateAddress(world: World, subnet: StoredResource, taken: Set<string>): string {
  const prefix = String(subnet.properties['addressPrefix'] ?? (subnet.properties['addressPrefixes'] as string[] | undefined)?.[0]);
  const inSubnet = (c: Json) => sameId(refId(propsOf(c)['subnet']), subnet.id);
  const frontends = world
    .all()
    .filter((r) => r.kind.type === 'Microsoft.Network/loadBalancers')
    .flatMap((lb) => items(lb.properties, 'frontendIPConfigurations'));
  const used = new Set([
    ...taken,
    ...nicIpConfigurations(world)
      .map(({ ipConfiguration }) => ipConfiguration)
      .concat(frontends)
      .filter(inSubnet)
      .map((c) => String(propsOf(c)['privateIPAddress'])),
  ]);
  for (let n = 0; ; n += 1) {
    const address = nthAddress(prefix, n);
    if (!used.has(address)) return address;
  }
}

/** Microsoft.Network/networkInterfaces (networkInterface.json 2025-05-01). */
export const networkInterfaces: Kind = {
  type: 'Microsoft.Network/networkInterfaces',
  apiVersions: API_VERSIONS.network,
  name: RULES.network80,
  location: 'required',
  // NRP answers a NIC PUT with the NIC already Succeeded.
  asyncPut: false,
  asyncDelete: true,
  prepare({ world, resource, previous }) {
    const p = resource.properties;
    const configurations = items(p, 'ipConfigurations');
    if (configurations.length === 0) {
      throw new ArmError(400, 'NetworkInterfaceMustHaveAtLeastOneIpConfiguration', `Network interface ${resource.id} must have one or more IP configurations.`);
    }
    identifySubResources(resource, 'ipConfigurations', String(resource.top['etag']));
    requireReference(world, refId(p['networkSecurityGroup']), resource.id);
    const taken = new Set<string>();
    configurations.forEach((configuration, index) => {
      const c = propsOf(configuration);
      // A secondary ip configuration without a subnet takes the primary's (networkInterface.json example NetworkInterfaceCreate).
      const primarySubnet = propsOf(configurations[0] as Json)['subnet'];
      if (index > 0 && c['subnet'] === undefined && primarySubnet !== undefined) c['subnet'] = { id: refId(primarySubnet) };
      const subnetId = refId(c['subnet']);
      const subnet = world.get(subnetId);
      if (subnetId && !subnet) throw missingReference(subnetId, String(configuration['id']));
      checkProvisioned(subnet, resource.id);
      const vnet = world.get(subnet?.parentId);
      if (vnet && vnet.location !== resource.location) {
        throw new ArmError(
          400,
          'InvalidResourceReference',
          `Resource ${subnetId} referenced by resource ${resource.id} was not found. Please make sure that the referenced resource exists, and that both resources are in the same region.`,
        );
      }
      for (const reference of items(c, 'loadBalancerBackendAddressPools')) {
        const poolId = refId(reference);
        const pool = poolId ? findSubResource(world, poolId) : undefined;
        if (poolId && !pool) throw missingReference(poolId, String(configuration['id']));
        checkProvisioned(pool?.owner, resource.id);
      }
      const ipId = refId(c['publicIPAddress']);
      requireReference(world, ipId, String(configuration['id']));
      checkPublicIpFree(world, ipId, resource, String(configuration['id']));
      c['primary'] ??= index === 0;
      c['privateIPAddressVersion'] ??= 'IPv4';
      c['privateIPAllocationMethod'] ??= c['privateIPAddress'] ? 'Static' : 'Dynamic';
      if (subnet && c['privateIPAllocationMethod'] === 'Dynamic') {
        const before = items(previous?.properties ?? {}, 'ipConfigurations').find((old) => old['name'] === configuration['name']);
        const kept = before && sameId(refId(propsOf(before)['subnet']), subnetId) ? propsOf(before)['privateIPAddress'] : undefined;
        c['privateIPAddress'] = kept ?? allocateAddress(world, subnet, taken);
      }
      if (c['privateIPAddress']) taken.add(String(c['privateIPAddress']));
    });
    p['resourceGuid'] = previous?.properties['resourceGuid'] ?? newGuid();
    p['macAddress'] ??= previous?.properties['macAddress'];
    p['enableAcceleratedNetworking'] ??= false;
    p['enableIPForwarding'] ??= false;
    p['dnsSettings'] ??= { dnsServers: [], appliedDnsServers: [] };
    p['nicType'] ??= 'Standard';
    p['vnetEncryptionSupported'] ??= false;
  },
  derive(resource, world) {
    const vm = attachedVm(world, resource.id);
    return vm ? { virtualMachine: { id: vm }, primary: true } : {};
  },
  inUse(resource, world) {
    const vm = attachedVm(world, resource.id);
    if (!vm) return undefined;
    return new ArmError(
      400,
      'NicInUse',
      `Network Interface ${resource.id} is used by existing resource ${vm}. In order to delete the network interface, it must be dissociated from the resource. To learn more, see aka.ms/deletenic.`,
    );
  },
};

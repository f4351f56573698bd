import { ArmError } from '../errors';
import type { Json, Kind, StoredResource, World } from '../model';
import { RULES } from '../names';
import { API_VERSIONS } from '../api-versions';
import { items, newGuid, nicIpConfigurations, refId, requireReference, sameId } from './common';
import { cidrContains, cidrsOverlap } from './cidr';

/** Users of a subnet: NIC ip configurations and load balancer frontends placed in it. */
function subnetUsers(subnet: StoredResource, world: World): string[] {
  const nics = nicIpConfigurations(world)
    .filter(({ ipConfiguration }) => sameId(refId((ipConfiguration['properties'] as Json | undefined)?.['subnet']), subnet.id))
    .map(({ ipConfiguration }) => String(ipConfiguration['id']));
  const frontends = world
    .all()
    .filter((r) => r.kind.type === 'Microsoft.Network/loadBalancers')
    .flatMap((lb) => items(lb.properties, 'frontendIPConfigurations'))
    .filter((f) => sameId(refId((f['properties'] as Json | undefined)?.['subnet']), subnet.id))
    .map((f) => String(f['id']));
  return [...nics, ...frontends];
}

function prefixes(props: Json): string[] {
  const list = Array.isArray(props['addressPrefixes']) ? (props['addressPrefixes'] as string[]) : [];
  return typeof props['addressPrefix'] === 'string' ? [props['addressPrefix'] as string, ...list] : list;
}

/** Microsoft.Network/virtualNetworks (virtualNetwork.json 2025-05-01). */
export const virtualNetworks: Kind = {
  type: 'Microsoft.Network/virtualNetworks',
  apiVersions: API_VERSIONS.network,
  name: RULES.virtualNetwork,
  location: 'required',
  asyncPut: true,
  asyncDelete: true,
  creatingState: 'Updating',
  topFields: ['extendedLocation'],
  childCollections: [{ property: 'subnets', childType: 'Microsoft.Network/virtualNetworks/subnets' }],
  prepare({ resource, previous }) {
    const space = (resource.properties['addressSpace'] as Json | undefined)?.['addressPrefixes'];
    if (!Array.isArray(space) || space.length === 0) {
      throw new ArmError(
        400,
        'InvalidRequestFormat',
        `Cannot parse the request. Virtual network ${resource.id} must have at least one address prefix in addressSpace.`,
      );
    }
    resource.properties['resourceGuid'] = previous?.properties['resourceGuid'] ?? newGuid();
    resource.properties['enableDdosProtection'] ??= false;
    resource.properties['privateEndpointVNetPolicies'] ??= 'Disabled';
    resource.properties['virtualNetworkPeerings'] ??= [];
  },
};

/** Microsoft.Network/virtualNetworks/subnets: address range inside the VNet, no overlap, refused while NICs use it. */
export const subnets: Kind = {
  type: 'Microsoft.Network/virtualNetworks/subnets',
  apiVersions: API_VERSIONS.network,
  name: RULES.network80,
  location: 'none',
  asyncPut: true,
  asyncDelete: true,
  creatingState: 'Updating',
  tags: false,
  prepare({ world, resource, parent, siblings }) {
    const own = prefixes(resource.properties);
    if (own.length === 0)
      throw new ArmError(400, 'InvalidRequestFormat', `Cannot parse the request. Subnet ${resource.name} must have an addressPrefix or addressPrefixes.`);
    const space = ((parent?.properties['addressSpace'] as Json | undefined)?.['addressPrefixes'] ?? []) as string[];
    const vnetName = parent?.name;
    for (const prefix of own) {
      if (!/^\d+\.\d+\.\d+\.\d+\/\d+$/.test(prefix))
        throw new ArmError(400, 'InvalidAddressPrefixFormat', `Address prefix ${prefix} of resource ${resource.id} is not formatted correctly.`);
      if (space.length && !space.some((s) => cidrContains(s, prefix))) {
        throw new ArmError(
          400,
          'NetcfgSubnetRangeOutsideVnet',
          `Subnet '${resource.name}' is not valid because its IP address range is outside the IP address range of virtual network '${vnetName}'.`,
        );
      }
    }
    for (const sibling of siblings) {
      if (prefixes(sibling.properties).some((p) => own.some((o) => cidrsOverlap(p, o)))) {
        throw new ArmError(
          400,
          'NetcfgSubnetRangesOverlap',
          `Subnet '${resource.name}' is not valid in virtual network '${vnetName}' because its IP address range overlaps with that of an existing subnet '${sibling.name}' in the virtual network.`,
        );
      }
    }
    requireReference(world, refId(resource.properties['networkSecurityGroup']), resource.id);
    requireReference(world, refId(resource.properties['routeTable']), resource.id);
    resource.properties['privateEndpointNetworkPolicies'] ??= 'Disabled';
    resource.properties['privateLinkServiceNetworkPolicies'] ??= 'Enabled';
  },
  derive(resource, world) {
    const users = nicIpConfigurations(world)
      .filter(({ ipConfiguration }) => sameId(refId((ipConfiguration['properties'] as Json | undefined)?.['subnet']), resource.id))
      .map(({ ipConfiguration }) => ({ id: ipConfiguration['id'] }));
    return users.length ? { ipConfigurations: users } : {};
  },
  inUse(resource, world) {
    const users = subnetUsers(resource, world);
    if (!users.length) return undefined;
    return new ArmError(
      400,
      'InUseSubnetCannotBeDeleted',
      `Subnet ${resource.name} is in use by ${users.join(' and ')} and cannot be deleted. In order to delete the subnet, delete all the resources within the subnet. See aka.ms/deletesubnet.`,
    );
  },
};

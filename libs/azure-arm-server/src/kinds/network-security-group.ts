import { API_VERSIONS } from '../api-versions';
import { ArmError } from '../errors';
import type { Json, Kind, World } from '../model';
import { RULES } from '../names';
import { newGuid, refId, sameId } from './common';

/** The six rules every NSG carries (networkSecurityGroup.json, defaultSecurityRules). */
function defaultRules(nsgId: string): Json[] {
  const rule = (
    name: string,
    direction: 'Inbound' | 'Outbound',
    priority: number,
    access: 'Allow' | 'Deny',
    source: string,
    destination: string,
    description: string,
  ): Json => ({
    id: `${nsgId}/defaultSecurityRules/${name}`,
    name,
    type: 'Microsoft.Network/networkSecurityGroups/defaultSecurityRules',
    properties: {
      description,
      protocol: '*',
      sourcePortRange: '*',
      destinationPortRange: '*',
      sourceAddressPrefix: source,
      destinationAddressPrefix: destination,
      access,
      priority,
      direction,
      provisioningState: 'Succeeded',
      sourcePortRanges: [],
      destinationPortRanges: [],
      sourceAddressPrefixes: [],
      destinationAddressPrefixes: [],
    },
  });
  return [
    rule('AllowVnetInBound', 'Inbound', 65000, 'Allow', 'VirtualNetwork', 'VirtualNetwork', 'Allow inbound traffic from all VMs in VNET'),
    rule('AllowAzureLoadBalancerInBound', 'Inbound', 65001, 'Allow', 'AzureLoadBalancer', '*', 'Allow inbound traffic from azure load balancer'),
    rule('DenyAllInBound', 'Inbound', 65500, 'Deny', '*', '*', 'Deny all inbound traffic'),
    rule('AllowVnetOutBound', 'Outbound', 65000, 'Allow', 'VirtualNetwork', 'VirtualNetwork', 'Allow outbound traffic from all VMs to all VMs in VNET'),
    rule('AllowInternetOutBound', 'Outbound', 65001, 'Allow', '*', 'Internet', 'Allow outbound traffic from all VMs to Internet'),
    rule('DenyAllOutBound', 'Outbound', 65500, 'Deny', '*', '*', 'Deny all outbound traffic'),
  ];
}

/** Subnets and NICs that name the NSG. */
function users(nsgId: string, world: World): { subnets: string[]; nics: string[] } {
  const subnets = world
    .all()
    .filter((r) => r.kind.type === 'Microsoft.Network/virtualNetworks/subnets' && sameId(refId(r.properties['networkSecurityGroup']), nsgId))
    .map((r) => r.id);
  const nics = world
    .all()
    .filter((r) => r.kind.type === 'Microsoft.Network/networkInterfaces' && sameId(refId(r.properties['networkSecurityGroup']), nsgId))
    .map((r) => r.id);
  return { subnets, nics };
}

/** Microsoft.Network/networkSecurityGroups (networkSecurityGroup.json 2025-05-01). */
export const networkSecurityGroups: Kind = {
  type: 'Microsoft.Network/networkSecurityGroups',
  apiVersions: API_VERSIONS.network,
  name: RULES.network80,
  location: 'required',
  asyncPut: true,
  asyncDelete: true,
  creatingState: 'Updating',
  childCollections: [{ property: 'securityRules', childType: 'Microsoft.Network/networkSecurityGroups/securityRules' }],
  prepare({ resource, previous }) {
    resource.properties['resourceGuid'] = previous?.properties['resourceGuid'] ?? newGuid();
    resource.properties['defaultSecurityRules'] = defaultRules(resource.id);
  },
  derive(resource, world) {
    const { subnets, nics } = users(resource.id, world);
    return {
      ...(subnets.length ? { subnets: subnets.map((id) => ({ id })) } : {}),
      ...(nics.length ? { networkInterfaces: nics.map((id) => ({ id })) } : {}),
    };
  },
  inUse(resource, world) {
    const { subnets, nics } = users(resource.id, world);
    const all = [...subnets, ...nics];
    if (!all.length) return undefined;
    return new ArmError(
      400,
      'InUseNetworkSecurityGroupCannotBeDeleted',
      `Network security group ${resource.id} cannot be deleted because it is in use by the following resources: ${all.join(', ')}. In order to delete the Network security group, remove the association with the resource(s). To learn how to do this, see aka.ms/deletensg.`,
    );
  },
};

const PROTOCOLS = ['Tcp', 'Udp', 'Icmp', 'Esp', '*', 'Ah'];

/** Microsoft.Network/networkSecurityGroups/securityRules: priority 100-4096, unique per direction. */
export const securityRules: Kind = {
  type: 'Microsoft.Network/networkSecurityGroups/securityRules',
  apiVersions: API_VERSIONS.network,
  name: RULES.network80,
  location: 'none',
  asyncPut: true,
  asyncDelete: true,
  creatingState: 'Updating',
  tags: false,
  prepare({ resource, siblings }) {
    const p = resource.properties;
    for (const field of ['protocol', 'access', 'direction', 'priority']) {
      if (p[field] === undefined) throw new ArmError(400, 'InvalidRequestFormat', `Cannot parse the request. Security rule ${resource.name} has no ${field}.`);
    }
    if (!PROTOCOLS.includes(String(p['protocol']))) {
      throw new ArmError(
        400,
        'SecurityRuleInvalidProtocol',
        `Security rule has invalid Protocol. Value provided: ${String(p['protocol'])}. Allowed values: ${PROTOCOLS.join(', ')}.`,
      );
    }
    const priority = Number(p['priority']);
    if (!Number.isInteger(priority) || priority < 100 || priority > 4096) {
      throw new ArmError(
        400,
        'SecurityRuleInvalidPriority',
        `Security rule has invalid Priority. Value provided: ${String(p['priority'])}. Allowed range 100-4096.`,
      );
    }
    const clash = siblings.find((s) => Number(s.properties['priority']) === priority && String(s.properties['direction']) === String(p['direction']));
    if (clash) {
      throw new ArmError(
        400,
        'SecurityRuleConflict',
        `Security rule ${clash.name} conflicts with rule ${resource.name}. Rules cannot have the same Priority and Direction. To learn more, see aka.ms/nsgrules.`,
      );
    }
    for (const list of ['sourcePortRanges', 'destinationPortRanges', 'sourceAddressPrefixes', 'destinationAddressPrefixes']) p[list] ??= [];
  },
};

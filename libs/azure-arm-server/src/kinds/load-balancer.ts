import { API_VERSIONS } from '../api-versions';
import { ArmError } from '../errors';
import type { Json, Kind, StoredResource, World } from '../model';
import { RULES } from '../names';
import { identifySubResources, items, missingReference, newGuid, nicIpConfigurations, propsOf, refId, requireReference, sameId } from './common';
import { allocateAddress } from './network-interface';
import { checkPublicIpFree } from './public-ip-address';

/** The nested collections of a load balancer (loadBalancer.json 2025-05-01). */
const COLLECTIONS = [
  'frontendIPConfigurations',
  'backendAddressPools',
  'probes',
  'loadBalancingRules',
  'inboundNatRules',
  'inboundNatPools',
  'outboundRules',
] as const;

/** References a rule makes to the load balancer's own sub-resources. */
const RULE_REFERENCES: Record<string, readonly string[]> = {
  loadBalancingRules: ['frontendIPConfiguration', 'backendAddressPool', 'probe'],
  inboundNatRules: ['frontendIPConfiguration', 'backendAddressPool'],
  outboundRules: ['backendAddressPool'],
};

/** NIC ip configurations that name one of the load balancer's backend pools. */
function poolMembers(world: World, poolId: string): string[] {
  return nicIpConfigurations(world)
    .filter(({ ipConfiguration }) => items(propsOf(ipConfiguration), 'loadBalancerBackendAddressPools').some((p) => sameId(refId(p), poolId)))
    .map(({ ipConfiguration }) => String(ipConfiguration['id']));
}

function checkOwnReferences(lb: StoredResource): void {
  const own = new Set(COLLECTIONS.flatMap((c) => items(lb.properties, c).map((i) => String(i['id']).toLowerCase())));
  for (const [collection, fields] of Object.entries(RULE_REFERENCES)) {
    for (const rule of items(lb.properties, collection)) {
      const props = propsOf(rule);
      for (const field of fields) {
        const id = refId(props[field]);
        if (id && !own.has(id.toLowerCase())) throw missingReference(id, String(rule['id']));
      }
      const pools = items(props, 'backendAddressPools').map(refId);
      for (const id of pools) if (id && !own.has(id.toLowerCase())) throw missingReference(id, String(rule['id']));
    }
  }
}

/** Microsoft.Network/loadBalancers: frontends, pools, probes and rules as nested properties. */
export const loadBalancers: Kind = {
  type: 'Microsoft.Network/loadBalancers',
  apiVersions: API_VERSIONS.network,
  name: RULES.network80,
  location: 'required',
  asyncPut: true,
  asyncDelete: true,
  creatingState: 'Updating',
  topFields: ['sku'],
  prepare({ world, resource, previous }) {
    // loadBalancer.json: the SKU defaults to Basic.
    const sku = (resource.top['sku'] ??= { name: 'Basic' }) as Json;
    sku['tier'] ??= 'Regional';
    resource.properties['resourceGuid'] = previous?.properties['resourceGuid'] ?? newGuid();
    for (const collection of COLLECTIONS) {
      resource.properties[collection] ??= [];
      identifySubResources(resource, collection, String(resource.top['etag']));
    }
    for (const frontend of items(resource.properties, 'frontendIPConfigurations')) {
      const props = propsOf(frontend);
      const ipId = refId(props['publicIPAddress']);
      requireReference(world, ipId, String(frontend['id']));
      requireReference(world, refId(props['subnet']), String(frontend['id']));
      const ip = world.get(ipId);
      if (ip && String((ip.top['sku'] as Json | undefined)?.['name']) !== String(sku['name'])) {
        throw new ArmError(
          400,
          'PublicIPAndLBSkuDoNotMatch',
          `${String(sku['name'])} sku load balancer ${resource.id} cannot reference ${String((ip.top['sku'] as Json | undefined)?.['name'])} sku publicIP ${ip.id}.`,
        );
      }
      checkPublicIpFree(world, ipId, resource, String(frontend['id']));
      const subnet = world.get(refId(props['subnet']));
      if (subnet) {
        props['privateIPAllocationMethod'] ??= props['privateIPAddress'] ? 'Static' : 'Dynamic';
        const before = items(previous?.properties ?? {}, 'frontendIPConfigurations').find((old) => old['name'] === frontend['name']);
        props['privateIPAddress'] ??= (before && propsOf(before)['privateIPAddress']) ?? allocateAddress(world, subnet, new Set());
      }
    }
    for (const rule of items(resource.properties, 'loadBalancingRules')) {
      const props = propsOf(rule);
      props['disableOutboundSnat'] ??= false;
      props['enableConnectionTracking'] ??= false;
      props['enableFloatingIP'] ??= false;
      props['idleTimeoutInMinutes'] ??= 4;
      props['loadDistribution'] ??= 'Default';
    }
    checkOwnReferences(resource);
  },
  derive(resource, world) {
    const rulesUsing = (field: string, id: string) =>
      items(resource.properties, 'loadBalancingRules')
        .filter((rule) => sameId(refId(propsOf(rule)[field]), id))
        .map((rule) => ({ id: rule['id'] }));
    const withRules = (collection: string, field: string, extra?: (item: Json) => Json) =>
      items(resource.properties, collection).map((item) => {
        const rules = rulesUsing(field, String(item['id']));
        return { ...item, properties: { ...propsOf(item), ...(rules.length ? { loadBalancingRules: rules } : {}), ...(extra?.(item) ?? {}) } };
      });
    return {
      frontendIPConfigurations: withRules('frontendIPConfigurations', 'frontendIPConfiguration', (frontend) => {
        const nat = items(resource.properties, 'inboundNatRules').filter((rule) =>
          sameId(refId(propsOf(rule)['frontendIPConfiguration']), String(frontend['id'])),
        );
        return nat.length ? { inboundNatRules: nat.map((rule) => ({ id: rule['id'] })) } : {};
      }),
      probes: withRules('probes', 'probe'),
      backendAddressPools: withRules('backendAddressPools', 'backendAddressPool', (pool) => {
        const members = poolMembers(world, String(pool['id']));
        return members.length ? { backendIPConfigurations: members.map((id) => ({ id })) } : {};
      }),
    };
  },
  inUse(resource, world) {
    for (const pool of items(resource.properties, 'backendAddressPools')) {
      const members = poolMembers(world, String(pool['id']));
      if (members.length) {
        return new ArmError(
          400,
          'InUseLoadBalancerBackendAddressPoolCannotBeDeleted',
          `Load balancer ${resource.id} cannot be deleted because its backend address pool ${String(pool['id'])} is referenced by ${members.join(', ')}. Remove the references from the network interfaces' ip configurations first.`,
        );
      }
    }
    return undefined;
  },
};

import { ArmError } from './errors';
import type { Json } from './model';
import { page } from './paging';
import type { Reply } from './reply';
import type { Behaviour } from './resource';
import type { World } from './model';
import type { ArmState } from './state';

/** A VM size the server offers, as resourceSkus lists it. */
export interface VmSize {
  name: string;
  vCPUs: number;
  memoryGB: number;
  /** Quota family, as the usage API names it (e.g. `standardDSv5Family`). */
  family: string;
  /** Locations offering it (default: all); zones offered per location (default: all of the location's). */
  locations?: string[];
  zones?: string[];
}

/** The default VM size catalogue: common general-purpose sizes. */
export const DEFAULT_VM_SIZES: VmSize[] = [
  { name: 'Standard_B2s', vCPUs: 2, memoryGB: 4, family: 'standardBSFamily' },
  { name: 'Standard_B2ms', vCPUs: 2, memoryGB: 8, family: 'standardBSFamily' },
  { name: 'Standard_D2s_v3', vCPUs: 2, memoryGB: 8, family: 'standardDSv3Family' },
  { name: 'Standard_D4s_v3', vCPUs: 4, memoryGB: 16, family: 'standardDSv3Family' },
  { name: 'Standard_D2s_v5', vCPUs: 2, memoryGB: 8, family: 'standardDSv5Family' },
  { name: 'Standard_D4s_v5', vCPUs: 4, memoryGB: 16, family: 'standardDSv5Family' },
  { name: 'Standard_D8s_v5', vCPUs: 8, memoryGB: 32, family: 'standardDSv5Family' },
  { name: 'Standard_D16s_v5', vCPUs: 16, memoryGB: 64, family: 'standardDSv5Family' },
  { name: 'Standard_E4s_v5', vCPUs: 4, memoryGB: 32, family: 'standardESv5Family' },
  { name: 'Standard_F4s_v2', vCPUs: 4, memoryGB: 8, family: 'standardFSv2Family' },
];

const DISPLAY: Record<string, { displayName: string; geography: string; group: string }> = {
  eastus: { displayName: 'East US', geography: 'United States', group: 'US' },
  eastus2: { displayName: 'East US 2', geography: 'United States', group: 'US' },
  westus2: { displayName: 'West US 2', geography: 'United States', group: 'US' },
  westeurope: { displayName: 'West Europe', geography: 'Europe', group: 'Europe' },
  northeurope: { displayName: 'North Europe', geography: 'Europe', group: 'Europe' },
};

function display(name: string) {
  return DISPLAY[name] ?? { displayName: name, geography: 'Test', group: 'Test' };
}

/** GET /subscriptions/{id}: the one subscription. */
export function subscription(state: ArmState, tenantId: string): Reply {
  return {
    status: 200,
    body: {
      id: `/subscriptions/${state.subscriptionId}`,
      subscriptionId: state.subscriptionId,
      tenantId,
      displayName: 'Strata test subscription',
      state: 'Enabled',
      subscriptionPolicies: { locationPlacementId: 'Public_2014-09-01', quotaId: 'PayAsYouGo_2014-09-01', spendingLimit: 'Off' },
      authorizationSource: 'RoleBased',
    },
  };
}

/** GET /subscriptions/{id}/locations, with each location's availability zones. */
export function locations(state: ArmState): Reply {
  const value = [...state.locations.entries()].map(([name, zones]) => {
    const d = display(name);
    return {
      id: `/subscriptions/${state.subscriptionId}/locations/${name}`,
      name,
      type: 'Region',
      displayName: d.displayName,
      regionalDisplayName: `(${d.group}) ${d.displayName}`,
      metadata: { regionType: 'Physical', regionCategory: 'Recommended', geography: d.geography, geographyGroup: d.group, physicalLocation: d.displayName },
      availabilityZoneMappings: zones.map((zone) => ({ logicalZone: zone, physicalZone: `${name}-az${zone}` })),
    };
  });
  return { status: 200, body: { value } };
}

/** GET /subscriptions/{id}/providers/{namespace}: registered. */
export function provider(state: ArmState, namespace: string, types: string[]): Reply {
  return {
    status: 200,
    body: {
      id: `/subscriptions/${state.subscriptionId}/providers/${namespace}`,
      namespace,
      registrationState: 'Registered',
      registrationPolicy: 'RegistrationRequired',
      resourceTypes: types.map((resourceType) => ({ resourceType, locations: [...state.locations.keys()].map((l) => display(l).displayName) })),
    },
  };
}

function sizesIn(sizes: VmSize[], location: string): VmSize[] {
  return sizes.filter((s) => !s.locations || s.locations.includes(location));
}

/** The size, its zones in a location, or undefined when the location does not offer it. */
export function offeredZones(state: World, sizes: VmSize[], name: string, location: string): string[] | undefined {
  const size = sizesIn(sizes, location).find((s) => s.name.toLowerCase() === name.toLowerCase());
  if (!size) return undefined;
  const zones = state.locations.get(location) ?? [];
  return size.zones ? zones.filter((z) => size.zones?.includes(z)) : zones;
}

/** GET /subscriptions/{id}/providers/Microsoft.Compute/skus (resourceSkus), `$filter=location eq 'x'`. */
export function resourceSkus(state: ArmState, behaviour: Behaviour, sizes: VmSize[], url: URL): Reply {
  const filter = /location\s+eq\s+'([^']+)'/i.exec(url.searchParams.get('$filter') ?? '')?.[1]?.toLowerCase();
  const value: Json[] = [];
  for (const location of state.locations.keys()) {
    if (filter && filter !== location) continue;
    for (const size of sizesIn(sizes, location)) {
      const zones = offeredZones(state, sizes, size.name, location) ?? [];
      value.push({
        resourceType: 'virtualMachines',
        name: size.name,
        tier: 'Standard',
        size: size.name.replace(/^Standard_/, ''),
        family: size.family,
        locations: [location],
        locationInfo: [{ location, zones, zoneDetails: [] }],
        capabilities: [
          { name: 'vCPUs', value: String(size.vCPUs) },
          { name: 'vCPUsAvailable', value: String(size.vCPUs) },
          { name: 'MemoryGB', value: String(size.memoryGB) },
          { name: 'HyperVGenerations', value: 'V1,V2' },
          { name: 'PremiumIO', value: 'True' },
          { name: 'AcceleratedNetworkingEnabled', value: 'True' },
          { name: 'CpuArchitectureType', value: 'x64' },
        ],
        restrictions: [],
      });
    }
  }
  return { status: 200, body: page(value, url, Math.max(behaviour.pageSize, 1000)) };
}

/** Cores a VM size counts for, and its family. */
export function sizeOf(sizes: VmSize[], name: string): VmSize | undefined {
  return sizes.find((s) => s.name.toLowerCase() === name.toLowerCase());
}

/** vCPUs in use per quota name ('cores', 'virtualMachines' and each family) in a location. */
export function usageIn(state: World, sizes: VmSize[], location: string): Map<string, number> {
  const used = new Map<string, number>();
  const add = (name: string, n: number) => used.set(name, (used.get(name) ?? 0) + n);
  for (const vm of state.all()) {
    if (vm.kind.type !== 'Microsoft.Compute/virtualMachines' || vm.location !== location) continue;
    const size = sizeOf(sizes, String((vm.properties['hardwareProfile'] as Json | undefined)?.['vmSize'] ?? ''));
    if (!size) continue;
    add('cores', size.vCPUs);
    add('virtualMachines', 1);
    add(size.family, size.vCPUs);
  }
  return used;
}

/** GET /subscriptions/{id}/providers/Microsoft.Compute/locations/{location}/usages. */
export function usages(state: ArmState, sizes: VmSize[], location: string): Reply {
  const loc = location.toLowerCase();
  if (!state.locations.has(loc))
    throw new ArmError(
      404,
      'NoRegisteredProviderFound',
      `No registered resource provider found for location '${location}' and API version for type 'locations/usages'.`,
    );
  const used = usageIn(state, sizes, loc);
  const families = [...new Set(sizesIn(sizes, loc).map((s) => s.family))];
  const row = (name: string, localized: string) => ({
    unit: 'Count',
    currentValue: used.get(name) ?? 0,
    limit: state.quota(loc, name),
    name: { value: name, localizedValue: localized },
  });
  const value = [
    row('availabilitySets', 'Availability Sets'),
    row('cores', 'Total Regional vCPUs'),
    row('virtualMachines', 'Virtual Machines'),
    row('virtualMachineScaleSets', 'Virtual Machine Scale Sets'),
    ...families.map((family) => row(family, `${family.replace(/^standard/, 'Standard ').replace(/Family$/, ' Family')} vCPUs`)),
  ];
  return { status: 200, body: { value } };
}

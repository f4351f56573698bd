import { API_VERSIONS } from '../api-versions';
import { ArmError } from '../errors';
import type { Json, Kind, StoredResource, World } from '../model';
import { RULES } from '../names';
import { items, newGuid, nicIpConfigurations, refId, sameId } from './common';

/** The ip configuration (LB frontend or NIC ip configuration) a public IP is attached to. */
export function publicIpUser(world: World, ipId: string): string | undefined {
  const frontends = world
    .all()
    .filter((r) => r.kind.type === 'Microsoft.Network/loadBalancers')
    .flatMap((lb) => items(lb.properties, 'frontendIPConfigurations'))
    .find((f) => sameId(refId((f['properties'] as Json | undefined)?.['publicIPAddress']), ipId));
  if (frontends) return String(frontends['id']);
  const nic = nicIpConfigurations(world).find(({ ipConfiguration }) =>
    sameId(refId((ipConfiguration['properties'] as Json | undefined)?.['publicIPAddress']), ipId),
  );
  return nic ? String(nic.ipConfiguration['id']) : undefined;
}

/** Refuses to attach a public IP already attached elsewhere (PublicIPAddressInUse). */
export function checkPublicIpFree(world: World, ipId: string | undefined, byOwner: StoredResource, byConfig: string): void {
  if (!ipId) return;
  const user = publicIpUser(world, ipId);
  if (user && !user.toLowerCase().startsWith(`${byOwner.id.toLowerCase()}/`)) {
    throw new ArmError(
      400,
      'PublicIPAddressInUse',
      `Resource ${byConfig} is referencing public IP address ${ipId} that is already allocated to resource ${user}.`,
    );
  }
}

let counter = 0;
/** Addresses from a documentation range, one per allocation. */
function nextAddress(): string {
  counter += 1;
  return `203.0.${Math.floor(counter / 250) % 256}.${(counter % 250) + 1}`;
}

/** Microsoft.Network/publicIPAddresses (publicIpAddress.json 2025-05-01): Standard needs Static allocation. */
export const publicIPAddresses: Kind = {
  type: 'Microsoft.Network/publicIPAddresses',
  apiVersions: API_VERSIONS.network,
  name: RULES.network80,
  location: 'required',
  asyncPut: true,
  asyncDelete: true,
  creatingState: 'Updating',
  topFields: ['sku', 'zones'],
  prepare({ resource, previous }) {
    // publicIpAddress.json: the SKU defaults to Basic (and Basic to Dynamic allocation).
    const sku = (resource.top['sku'] ??= { name: 'Basic' }) as Json;
    sku['tier'] ??= 'Regional';
    const p = resource.properties;
    p['publicIPAllocationMethod'] ??= sku['name'] === 'Standard' ? 'Static' : 'Dynamic';
    if (sku['name'] === 'Standard' && p['publicIPAllocationMethod'] !== 'Static') {
      throw new ArmError(
        400,
        'StandardSkuPublicIPAddressesMustBeStatic',
        `Standard sku publicIp ${resource.id} must be Static. Specify publicIPAllocationMethod as Static.`,
      );
    }
    p['publicIPAddressVersion'] ??= 'IPv4';
    p['idleTimeoutInMinutes'] ??= 4;
    p['resourceGuid'] = previous?.properties['resourceGuid'] ?? newGuid();
    p['ipTags'] ??= [];
    if (p['publicIPAllocationMethod'] === 'Static') p['ipAddress'] = previous?.properties['ipAddress'] ?? nextAddress();
    const dns = p['dnsSettings'] as Json | undefined;
    if (dns?.['domainNameLabel']) dns['fqdn'] = `${String(dns['domainNameLabel'])}.${resource.location}.cloudapp.azure.com`;
  },
  derive(resource, world) {
    const user = publicIpUser(world, resource.id);
    return user ? { ipConfiguration: { id: user } } : {};
  },
  inUse(resource, world) {
    const user = publicIpUser(world, resource.id);
    if (!user) return undefined;
    return new ArmError(
      400,
      'PublicIPAddressCannotBeDeleted',
      `Public IP address ${resource.id} can not be deleted since it is still allocated to resource ${user}. In order to delete the public IP, disassociate/detach the Public IP address from the resource.  To learn how to do this, see aka.ms/deletepublicip.`,
    );
  },
};

import { randomUUID } from 'node:crypto';
import { ArmError } from '../errors';
import type { Json, StoredResource, World } from '../model';

/** The `id` of a `{ id }` sub-resource reference, if the value is one. */
export function refId(value: unknown): string | undefined {
  if (value && typeof value === 'object' && typeof (value as Json)['id'] === 'string') return (value as Json)['id'] as string;
  return undefined;
}

export const sameId = (a: string | undefined, b: string | undefined) => a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();

/** Items of an array property (missing → empty). */
export function items(props: Json, property: string): Json[] {
  const value = props[property];
  return Array.isArray(value) ? (value as Json[]) : [];
}

/** Properties of a nested item (`{ name, properties }`). */
export const propsOf = (item: Json): Json => (item['properties'] ??= {}) as Json;

/** ARM's reference error for an id that names nothing. */
export function missingReference(id: string, by: string): ArmError {
  return new ArmError(
    400,
    'InvalidResourceReference',
    `Resource ${id} referenced by resource ${by} was not found. Please make sure that the referenced resource exists, and that both resources are in the same region.`,
  );
}

const IN_FLIGHT = ['Creating', 'Updating', 'Deleting'];

/**
 * NRP's refusal to build on a resource whose own operation has not finished (a NIC in a
 * subnet still Updating, an IP still Deleting). The status (400) is this server's reading.
 */
export function checkProvisioned(resource: StoredResource | undefined, by: string): void {
  const state = resource?.properties['provisioningState'];
  if (!resource || typeof state !== 'string' || !IN_FLIGHT.includes(state)) return;
  throw new ArmError(
    400,
    'ReferencedResourceNotProvisioned',
    `Cannot proceed with operation because resource ${resource.id} used by resource ${by} is not in Succeeded state. Resource is in ${state} state and the last operation that updated/is updating the resource is Put${resource.kind.type.split('/').pop()?.replace(/s$/, '')}Operation.`,
  );
}

/** Throws InvalidResourceReference unless `id` names an existing resource or sub-resource, ReferencedResourceNotProvisioned while it is being written. */
export function requireReference(world: World, id: string | undefined, by: string): void {
  if (id === undefined) return;
  const found = world.get(id) ?? findSubResource(world, id)?.owner;
  if (!found) throw missingReference(id, by);
  checkProvisioned(found, by);
}

/**
 * Finds a nested sub-resource (a load balancer's backend pool, a NIC's ip configuration)
 * by id: the owning resource and the item.
 */
export function findSubResource(world: World, id: string): { owner: StoredResource; item: Json } | undefined {
  const match = /^(.*)\/([^/]+)\/([^/]+)$/.exec(id);
  if (!match) return undefined;
  const [, ownerId, property, name] = match as unknown as [string, string, string, string];
  const owner = world.get(ownerId);
  if (!owner) return undefined;
  const key = Object.keys(owner.properties).find((k) => k.toLowerCase() === property.toLowerCase());
  if (!key) return undefined;
  const item = items(owner.properties, key).find((i) => String(i['name']).toLowerCase() === name.toLowerCase());
  return item ? { owner, item } : undefined;
}

/**
 * Gives each item of a nested collection the id, type and etag NRP gives it
 * (`{owner id}/{property}/{name}`), with its provisioning state.
 */
export function identifySubResources(resource: StoredResource, property: string, etag: string): void {
  for (const item of items(resource.properties, property)) {
    const name = String(item['name'] ?? '');
    if (!name) throw new ArmError(400, 'InvalidRequestFormat', `Cannot parse the request. A ${property} item of ${resource.id} has no name.`);
    item['id'] = `${resource.id}/${property}/${name}`;
    item['etag'] = etag;
    item['type'] = `${resource.kind.type}/${property}`;
    propsOf(item)['provisioningState'] = 'Succeeded';
  }
}

/** Every NIC ip configuration in the world, with its NIC. */
export function nicIpConfigurations(world: World): { nic: StoredResource; ipConfiguration: Json }[] {
  return world
    .all()
    .filter((r) => r.kind.type === 'Microsoft.Network/networkInterfaces')
    .flatMap((nic) => items(nic.properties, 'ipConfigurations').map((ipConfiguration) => ({ nic, ipConfiguration })));
}

export const newGuid = () => randomUUID();
export const newEtag = () => `W/"${randomUUID()}"`;

import { ArmError, groupNotFound } from './errors';
import type { Json } from './model';
import { RULES, checkName } from './names';
import { page } from './paging';
import type { Reply } from './reply';
import { render, type Behaviour } from './resource';
import type { ArmState, StoredGroup } from './state';
import { checkTags } from './tags';

/** Resource groups (Microsoft.Resources/resourceGroups), as resources.json 2025-04-01 describes them. */
export function renderGroup(group: StoredGroup): Json {
  return {
    id: group.id,
    name: group.name,
    type: 'Microsoft.Resources/resourceGroups',
    location: group.location,
    ...(group.managedBy ? { managedBy: group.managedBy } : {}),
    tags: group.tags ?? {},
    properties: { provisioningState: group.provisioningState },
  };
}

function require(state: ArmState, name: string): StoredGroup {
  const group = state.group(name);
  if (!group) throw groupNotFound(name);
  return group;
}

export function putGroup(state: ArmState, name: string, body: Json): Reply {
  checkName(RULES.resourceGroup, name, 'Microsoft.Resources/resourceGroups');
  const existing = state.group(name);
  if (existing?.provisioningState === 'Deleting') {
    throw new ArmError(409, 'ResourceGroupBeingDeleted', `The resource group '${existing.name}' is in deprovisioning state and cannot perform this operation.`);
  }
  const location = typeof body['location'] === 'string' ? (body['location'] as string).toLowerCase().replace(/\s+/g, '') : '';
  if (!location) throw new ArmError(400, 'LocationRequired', 'The location property is required for this definition.');
  if (!state.locations.has(location)) {
    throw new ArmError(
      400,
      'LocationNotAvailableForResourceType',
      `The provided location '${location}' is not available for resource type 'Microsoft.Resources/resourceGroups'. List of available regions for the resource type is '${[...state.locations.keys()].join(',')}'.`,
    );
  }
  if (existing && existing.location !== location) {
    throw new ArmError(
      409,
      'InvalidResourceGroupLocation',
      `Invalid resource group location '${location}'. The Resource group already exists in location '${existing.location}'.`,
    );
  }
  const tags = checkTags(body['tags']);
  const group: StoredGroup = {
    id: existing?.id ?? `/subscriptions/${state.subscriptionId}/resourceGroups/${name}`,
    name: existing?.name ?? name,
    location,
    provisioningState: 'Succeeded',
    ...(tags ? { tags } : {}),
    ...(typeof body['managedBy'] === 'string' ? { managedBy: body['managedBy'] as string } : {}),
  };
  state.groups.set(name.toLowerCase(), group);
  return { status: existing ? 200 : 201, body: renderGroup(group) };
}

export function getGroup(state: ArmState, name: string): Reply {
  return { status: 200, body: renderGroup(require(state, name)) };
}

/** HEAD (checkExistence): 204 when the group exists, 404 when not. */
export function headGroup(state: ArmState, name: string): Reply {
  return { status: state.group(name) ? 204 : 404 };
}

/** PATCH: tags and managedBy only. */
export function patchGroup(state: ArmState, name: string, body: Json): Reply {
  const group = require(state, name);
  const tags = checkTags(body['tags']);
  if (tags) group.tags = tags;
  return { status: 200, body: renderGroup(group) };
}

/** Kinds deleted later when a group goes: what others depend on waits for its users. */
const DELETE_ORDER = ['Microsoft.Compute/virtualMachines', 'Microsoft.Compute/disks', 'Microsoft.Network/networkInterfaces', 'Microsoft.Network/loadBalancers'];

/**
 * DELETE: 202 with a Location to poll; every resource in the group is deleted with it
 * (users before what they use), then the group. 404 ResourceGroupNotFound when missing.
 */
export function deleteGroup(state: ArmState, behaviour: Behaviour, name: string, apiVersion: string): Reply {
  const group = require(state, name);
  const headers = (operationId: string) => ({
    Location: `${state.endpoint}/subscriptions/${state.subscriptionId}/operationresults/${operationId}?api-version=${apiVersion}`,
    'Retry-After': String(behaviour.retryAfterSeconds),
  });
  if (group.provisioningState === 'Deleting' && group.operationId) return { status: 202, headers: headers(group.operationId) };
  group.provisioningState = 'Deleting';
  const operation = state.newOperation({ location: group.location, apiVersion, method: 'DELETE', resourceId: group.id });
  group.operationId = operation.id;
  behaviour.schedule(() => {
    const members = state.all().filter((r) => r.resourceGroup.toLowerCase() === group.name.toLowerCase() && r.parentId === undefined);
    const rank = (type: string) => {
      const i = DELETE_ORDER.indexOf(type);
      return i === -1 ? DELETE_ORDER.length : i;
    };
    members.sort((a, b) => rank(a.kind.type) - rank(b.kind.type));
    for (const member of members) state.remove(member.id);
    state.groups.delete(group.name.toLowerCase());
    operation.status = 'Succeeded';
    operation.endTime = new Date().toISOString();
  }, behaviour.asyncDelayMs);
  return { status: 202, headers: headers(operation.id) };
}

/** `$filter` of ARM's list calls: `tagName eq 'x' [and tagValue eq 'y']`, `resourceType eq 'T'`, `name eq 'n'`. */
export function filterPredicate(filter: string | null): (item: { type: string; name: string; tags?: Record<string, string> }) => boolean {
  if (!filter) return () => true;
  const clauses = [...filter.matchAll(/(\w+)\s+eq\s+'((?:[^']|'')*)'/gi)].map(
    (m) => [(m[1] as string).toLowerCase(), (m[2] as string).replace(/''/g, "'")] as const,
  );
  const get = (key: string) => clauses.find(([k]) => k === key)?.[1];
  const tagName = get('tagname');
  const tagValue = get('tagvalue');
  const type = get('resourcetype');
  const name = get('name');
  return (item) => {
    if (type && item.type.toLowerCase() !== type.toLowerCase()) return false;
    if (name && item.name.toLowerCase() !== name.toLowerCase()) return false;
    if (tagName) {
      const key = Object.keys(item.tags ?? {}).find((k) => k.toLowerCase() === tagName.toLowerCase());
      if (key === undefined) return false;
      if (tagValue !== undefined && item.tags?.[key] !== tagValue) return false;
    }
    return true;
  };
}

export function listGroups(state: ArmState, behaviour: Behaviour, url: URL): Reply {
  const keep = filterPredicate(url.searchParams.get('$filter'));
  const all = [...state.groups.values()].filter((g) => keep({ type: 'Microsoft.Resources/resourceGroups', name: g.name, ...(g.tags ? { tags: g.tags } : {}) }));
  return { status: 200, body: page(all.map(renderGroup), url, behaviour.pageSize) };
}

/** GenericResourceExpanded of `/resources` lists: top-level resources only, as ARM lists them. */
function generic(state: ArmState, id: string, expand: string[]): Json {
  const resource = state.get(id);
  if (!resource) return {};
  const full = render(state, resource);
  const out: Json = { id: full['id'], name: full['name'], type: full['type'] };
  for (const field of ['location', 'tags', 'sku', 'kind', 'zones', 'identity', 'plan', 'managedBy'] as const)
    if (full[field] !== undefined) out[field] = full[field];
  if (expand.includes('provisioningstate')) out['provisioningState'] = (full['properties'] as Json)['provisioningState'];
  return out;
}

/** `/resourceGroups/{rg}/resources` (or the subscription's `/resources` when group is undefined), `$filter` and pages. */
export function listGenericResources(state: ArmState, behaviour: Behaviour, group: string | undefined, url: URL): Reply {
  if (group !== undefined) require(state, group);
  const keep = filterPredicate(url.searchParams.get('$filter'));
  const expand = (url.searchParams.get('$expand') ?? '')
    .toLowerCase()
    .split(',')
    .map((s) => s.trim());
  const all = state
    .all()
    .filter((r) => r.parentId === undefined && (group === undefined || r.resourceGroup.toLowerCase() === group.toLowerCase()))
    .filter((r) => keep({ type: r.kind.type, name: r.name, ...(r.tags ? { tags: r.tags } : {}) }))
    .map((r) => generic(state, r.id, expand));
  return { status: 200, body: page(all, url, behaviour.pageSize) };
}

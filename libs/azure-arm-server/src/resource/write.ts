/** PUT: building a resource from its body, with its nested children, and storing it. */
import { ArmError } from '../errors';
import { KINDS } from '../kinds';
import { newEtag } from '../kinds/common';
import type { Json, Kind, StoredResource } from '../model';
import { checkName } from '../names';
import type { Reply } from '../reply';
import { clone, type ArmState, type StoredGroup } from '../state';
import { checkTags } from '../tags';
import type { Behaviour } from './behaviour';
import { checkConditions, type Conditions } from './conditions';
import { anotherOperation, operationHeaders, setState, startOperation } from './long-running';
import { render } from './render';
import { checkGroupWritable, locate, type ResourceTarget } from './target';

/** The location a write ends up with: required and offered for regional kinds, fixed for global ones, unchanged on update. */
export function checkLocation(
  state: ArmState,
  kind: Kind,
  body: Json,
  previous: StoredResource | undefined,
  group: StoredGroup,
  name: string,
): string | undefined {
  if (kind.location === 'none') return undefined;
  if (kind.location === 'global') return 'global';
  const location = typeof body['location'] === 'string' ? (body['location'] as string).toLowerCase().replace(/\s+/g, '') : undefined;
  if (!location) throw new ArmError(400, 'LocationRequired', 'The location property is required for this definition.');
  if (!state.locations.has(location)) {
    throw new ArmError(
      400,
      'LocationNotAvailableForResourceType',
      `The provided location '${location}' is not available for resource type '${kind.type}'. List of available regions for the resource type is '${[...state.locations.keys()].join(',')}'.`,
    );
  }
  if (previous?.location && previous.location !== location) {
    throw new ArmError(
      400,
      'InvalidResourceLocation',
      `The resource '${name}' already exists in location '${previous.location}' in resource group '${group.name}'. A resource with the same name cannot be created in location '${location}'. Please select a new resource name.`,
    );
  }
  return location;
}

/** Builds (but does not store) the resource a PUT describes, checked by its kind. */
export function build(
  state: ArmState,
  kind: Kind,
  group: StoredGroup,
  id: string,
  name: string,
  parent: StoredResource | undefined,
  body: Json,
  siblings: StoredResource[],
): StoredResource {
  const parentId = parent?.id;
  const previous = state.get(id);
  checkName(kind.name, name, kind.type);
  const location = checkLocation(state, kind, body, previous, group, name);
  const tags = kind.tags === false || parentId !== undefined ? undefined : checkTags(body['tags']);
  const top: Json = {};
  for (const field of kind.topFields ?? []) if (body[field] !== undefined) top[field] = clone(body[field]);
  top['etag'] = newEtag();
  const resource: StoredResource = {
    id: previous?.id ?? id,
    name: previous?.name ?? name,
    kind,
    resourceGroup: group.name,
    properties: clone((body['properties'] as Json | undefined) ?? {}),
    top,
    ...(parentId ? { parentId } : {}),
    ...(location ? { location } : {}),
    ...(tags ? { tags } : {}),
  };
  kind.prepare?.({ world: state, resource, previous, body, siblings, ...(parent ? { parent } : {}) });
  return resource;
}

/** Children a PUT's nested collections describe, built and checked, and the existing ones they drop. */
export function buildChildren(
  state: ArmState,
  parent: StoredResource,
  group: StoredGroup,
  body: Json,
): { keep: StoredResource[]; drop: StoredResource[]; replaced: StoredResource[] } {
  const keep: StoredResource[] = [];
  const drop: StoredResource[] = [];
  const replaced: StoredResource[] = [];
  for (const { property, childType } of parent.kind.childCollections ?? []) {
    const childKind = KINDS.get(childType.toLowerCase());
    if (!childKind) continue;
    const wanted = ((body['properties'] as Json | undefined)?.[property] ?? []) as Json[];
    const existing = state.children(parent.id).filter((c) => c.kind === childKind);
    for (const item of wanted) {
      const childName = String(item['name'] ?? '');
      const childId = `${parent.id}/${childType.split('/').pop()}/${childName}`;
      keep.push(
        build(
          state,
          childKind,
          group,
          childId,
          childName,
          parent,
          item,
          keep.filter((k) => k.kind === childKind),
        ),
      );
    }
    for (const child of existing) {
      if (keep.some((k) => k.id.toLowerCase() === child.id.toLowerCase())) replaced.push(child);
      else drop.push(child);
    }
    delete parent.properties[property];
  }
  for (const child of drop) {
    const refusal = child.kind.inUse?.(child, state);
    if (refusal) throw refusal;
  }
  return { keep, drop, replaced };
}

/** PUT: create (201) or update (200); long-running kinds answer in progress with Azure-AsyncOperation. */
export function putResource(
  state: ArmState,
  behaviour: Behaviour,
  target: ResourceTarget,
  body: Json,
  apiVersion: string,
  path: string,
  conditions: Conditions = {},
): Reply {
  const { kind, group, pathNames, id } = locate(state, target, apiVersion);
  checkGroupWritable(group);
  const parentId = target.segments.length > 1 ? id.slice(0, id.lastIndexOf('/', id.lastIndexOf('/') - 1)) : undefined;
  const parent = state.get(parentId);
  if (parentId && !parent) {
    throw new ArmError(
      404,
      'ParentResourceNotFound',
      `Failed to perform 'write' on resource(s) of type '${kind.type.split('/').slice(1).join('/')}', because the parent resource '${parentId}' could not be found.`,
    );
  }
  const previous = state.get(id);
  checkConditions(conditions, previous);
  const busy = state.busy(previous) ?? state.busy(parent);
  if (busy) throw anotherOperation(state, busy, previous ?? (parent as StoredResource));
  const siblings = parent ? state.children(parent.id).filter((c) => c.kind === kind && c.id.toLowerCase() !== id.toLowerCase()) : [];
  const resource = build(state, kind, group, id, pathNames[pathNames.length - 1] as string, parent, body, siblings);
  const { keep, drop, replaced } = buildChildren(state, resource, group, body);
  for (const child of drop) state.remove(child.id);
  for (const child of replaced) state.resources.delete(child.id.toLowerCase());
  state.put(resource);
  for (const child of keep) state.put(child);
  kind.afterWrite?.(resource, state);
  const created = previous === undefined;
  if (!kind.asyncPut) {
    setState(state, resource, 'Succeeded');
    return { status: created ? 201 : 200, body: render(state, resource) };
  }
  setState(state, resource, created ? (kind.creatingState ?? 'Creating') : (kind.updatingState ?? 'Updating'));
  const operation = startOperation(state, behaviour, resource, 'PUT', apiVersion, path, (failed) => {
    if (state.get(resource.id) === resource) setState(state, resource, failed ? 'Failed' : 'Succeeded');
  });
  return { status: created ? 201 : 200, body: render(state, resource), headers: operationHeaders(state, operation, behaviour, false) };
}

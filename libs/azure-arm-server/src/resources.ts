import { ArmError, groupNotFound, notFound } from './errors';
import { KINDS } from './kinds';
import { newEtag } from './kinds/common';
import type { Json, Kind, StoredResource } from './model';
import { checkName } from './names';
import { page } from './paging';
import type { Reply } from './reply';
import { clone, type ArmState, type Operation, type StoredGroup } from './state';
import { checkTags } from './tags';

/** A request for a resource under a provider: `/subscriptions/…/resourceGroups/{rg}/providers/{ns}/{type}/{name}/…`. */
export interface ResourceTarget {
  group: string;
  namespace: string;
  /** Type and name pairs; the last may lack its name (a list). */
  segments: { type: string; name?: string }[];
}

/** Timing and fault settings the handlers read. */
export interface Behaviour {
  asyncDelayMs: number;
  retryAfterSeconds: number;
  pageSize: number;
  nicReservationMs: number;
  schedule(fn: () => void, ms: number): void;
  /** An error that the next matching long-running operation ends with, if one is queued. */
  operationFailure(method: string, path: string): { code: string; message: string } | undefined;
}

/** The kind a request names, or ARM's error for a type it does not know. */
export function kindFor(target: ResourceTarget): Kind {
  const type = [target.namespace, ...target.segments.map((s) => s.type)].join('/');
  const kind = KINDS.get(type.toLowerCase());
  if (kind) return kind;
  const namespaceKnown = [...KINDS.keys()].some((key) => key.startsWith(`${target.namespace.toLowerCase()}/`));
  if (!namespaceKnown) throw new ArmError(404, 'NoRegisteredProviderFound', `No registered resource provider found for namespace '${target.namespace}'.`);
  throw new ArmError(
    400,
    'InvalidResourceType',
    `The resource type '${type.split('/').slice(1).join('/')}' could not be found in the namespace '${target.namespace}'.`,
  );
}

/** ARM's answer for an api-version a resource type does not support. */
export function checkApiVersion(kind: Kind, apiVersion: string, location = 'eastus'): void {
  if (kind.apiVersions.includes(apiVersion)) return;
  const [, ...rest] = kind.type.split('/');
  throw new ArmError(
    400,
    'NoRegisteredProviderFound',
    `No registered resource provider found for location '${location}' and API version '${apiVersion}' for type '${rest.join('/')}'. The supported api-versions are '${kind.apiVersions.join(', ')}'.`,
  );
}

function canonicalId(state: ArmState, group: StoredGroup, kind: Kind, names: string[]): string {
  const [namespace, ...types] = kind.type.split('/');
  const path = types.map((type, i) => `${type}/${names[i]}`).join('/');
  return `/subscriptions/${state.subscriptionId}/resourceGroups/${group.name}/providers/${namespace}/${path}`;
}

/** The JSON ARM answers for a resource: stored fields plus what derives from other resources. */
export function render(state: ArmState, resource: StoredResource): Json {
  const kind = resource.kind;
  let properties: Json = { ...clone(resource.properties), ...(kind.derive?.(resource, state) ?? {}) };
  for (const { property } of kind.childCollections ?? []) {
    properties[property] = state
      .children(resource.id)
      .filter((child) => child.kind.type.toLowerCase() === `${kind.type}/${property}`.toLowerCase())
      .map((child) => render(state, child));
  }
  if (kind.hide) properties = kind.hide(properties);
  const body: Json = { id: resource.id, name: resource.name, type: kind.type };
  if (resource.location !== undefined) body['location'] = resource.location;
  if (kind.tags !== false && resource.parentId === undefined) body['tags'] = resource.tags ?? {};
  return { ...body, ...clone(resource.top), properties };
}

function locateGroup(state: ArmState, name: string): StoredGroup {
  const group = state.group(name);
  if (!group) throw groupNotFound(name);
  return group;
}

function idOfTarget(state: ArmState, target: ResourceTarget): string {
  return `/subscriptions/${state.subscriptionId}/resourceGroups/${target.group}/providers/${target.namespace}/${target.segments.map((s) => `${s.type}/${s.name ?? ''}`).join('/')}`;
}

function names(target: ResourceTarget, kind?: Kind): string[] {
  const all = target.segments.map((s) => s.name ?? '');
  if (kind?.lowerCaseNames && all.length) all[all.length - 1] = (all[all.length - 1] as string).toLowerCase();
  return all;
}

/** The URLs and headers of a long-running operation's first answer. */
export function operationHeaders(state: ArmState, operation: Operation, behaviour: Behaviour, withLocation: boolean): Record<string, string> {
  const base = `${state.endpoint}/subscriptions/${state.subscriptionId}/providers/${operation.namespace}/locations/${operation.location}`;
  const headers: Record<string, string> = {
    'Azure-AsyncOperation': `${base}/operations/${operation.id}?api-version=${operation.apiVersion}`,
    'Retry-After': String(behaviour.retryAfterSeconds),
  };
  if (withLocation) headers['Location'] = `${base}/operationResults/${operation.id}?api-version=${operation.apiVersion}`;
  return headers;
}

function anotherOperation(state: ArmState, operation: Operation, resource: StoredResource): ArmError {
  return new ArmError(
    409,
    'AnotherOperationInProgress',
    `Another operation on this or dependent resource is in progress. To retrieve status of the operation use uri: ${state.endpoint}/subscriptions/${state.subscriptionId}/providers/${operation.namespace}/locations/${operation.location}/operations/${operation.id}?api-version=${operation.apiVersion}. Resource: ${resource.id}.`,
  );
}

function checkGroupWritable(group: StoredGroup): void {
  if (group.provisioningState === 'Deleting') {
    throw new ArmError(409, 'ResourceGroupBeingDeleted', `The resource group '${group.name}' is in deprovisioning state and cannot perform this operation.`);
  }
}

function checkLocation(state: ArmState, kind: Kind, body: Json, previous: StoredResource | undefined, group: StoredGroup, name: string): string | undefined {
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
function build(
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
function buildChildren(
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

function startOperation(
  state: ArmState,
  behaviour: Behaviour,
  resource: StoredResource,
  method: 'PUT' | 'DELETE',
  apiVersion: string,
  path: string,
  finish: (failed: boolean) => void,
): Operation {
  const namespace = resource.kind.type.split('/')[0] as string;
  const operation = state.newOperation({
    namespace,
    location: resource.location && resource.location !== 'global' ? resource.location : 'global',
    apiVersion,
    method,
    resourceId: resource.id,
  });
  const failure = behaviour.operationFailure(method, path);
  resource.operationId = operation.id;
  behaviour.schedule(() => {
    operation.status = failure ? 'Failed' : 'Succeeded';
    operation.endTime = new Date().toISOString();
    if (failure) operation.error = { code: failure.code, message: failure.message };
    finish(Boolean(failure));
  }, behaviour.asyncDelayMs);
  return operation;
}

function setState(state: ArmState, resource: StoredResource, provisioningState: string): void {
  resource.properties['provisioningState'] = provisioningState;
  for (const child of state.children(resource.id)) setState(state, child, provisioningState);
}

/** PUT: create (201) or update (200); long-running kinds answer in progress with Azure-AsyncOperation. */
/** The If-Match / If-None-Match preconditions of a write (https://www.rfc-editor.org/rfc/rfc9110#section-13.1). */
export interface Conditions {
  ifMatch?: string | undefined;
  ifNoneMatch?: string | undefined;
}

/** ARM's 412 when a write's precondition does not hold on the resource as it is. */
function checkConditions(conditions: Conditions, existing: StoredResource | undefined): void {
  const etag = existing ? String(existing.top['etag'] ?? '') : undefined;
  const fail = (why: string) => new ArmError(412, 'PreconditionFailed', `The operation could not be performed because ${why}.`);
  if (conditions.ifNoneMatch === '*' && existing) throw fail(`the resource ${existing.id} already exists (If-None-Match: *)`);
  if (conditions.ifMatch !== undefined) {
    if (!existing) throw fail('the resource does not exist (If-Match)');
    if (conditions.ifMatch !== '*' && conditions.ifMatch !== etag) throw fail(`the resource's etag ${etag} does not match If-Match ${conditions.ifMatch}`);
  }
}

export function putResource(
  state: ArmState,
  behaviour: Behaviour,
  target: ResourceTarget,
  body: Json,
  apiVersion: string,
  path: string,
  conditions: Conditions = {},
): Reply {
  const kind = kindFor(target);
  checkApiVersion(kind, apiVersion);
  const group = locateGroup(state, target.group);
  checkGroupWritable(group);
  const pathNames = names(target, kind);
  const id = canonicalId(state, group, kind, pathNames);
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

/**
 * A nested sub-resource kept as a property of its owner (a load balancer's backend pools,
 * a NIC's ip configurations): the owner's target and the property, when `target` names one.
 */
function nestedProperty(target: ResourceTarget): { owner: ResourceTarget; property: string } | undefined {
  if (target.segments.length < 2) return undefined;
  if (['all', 'recordsets'].includes((target.segments[target.segments.length - 1] as { type: string }).type.toLowerCase())) return undefined;
  const type = [target.namespace, ...target.segments.map((s) => s.type)].join('/').toLowerCase();
  if (KINDS.has(type)) return undefined;
  const owner: ResourceTarget = { ...target, segments: target.segments.slice(0, -1) };
  const ownerType = [target.namespace, ...owner.segments.map((s) => s.type)].join('/').toLowerCase();
  if (!KINDS.has(ownerType)) return undefined;
  return { owner, property: (target.segments[target.segments.length - 1] as { type: string }).type };
}

/** `GET {resource}/{view}` of a kind with views (a VM's instanceView). */
function viewOf(state: ArmState, target: ResourceTarget, apiVersion: string): Reply | undefined {
  const owner: ResourceTarget = { ...target, segments: target.segments.slice(0, -1) };
  const ownerKind = KINDS.get([target.namespace, ...owner.segments.map((s) => s.type)].join('/').toLowerCase());
  const last = (target.segments[target.segments.length - 1] as { type: string }).type.toLowerCase();
  const view = Object.entries(ownerKind?.views ?? {}).find(([name]) => name.toLowerCase() === last)?.[1];
  if (!ownerKind || !view) return undefined;
  checkApiVersion(ownerKind, apiVersion);
  const group = locateGroup(state, target.group);
  const resource = state.get(canonicalId(state, group, ownerKind, names(owner, ownerKind)));
  if (!resource) throw notFound(ownerKind.type, names(owner).join('/'), group.name);
  return { status: 200, body: view(resource, state) };
}

/** The rendered items of a nested property, read through the owner (GET and list only). */
function nestedItems(state: ArmState, owner: ResourceTarget, property: string, apiVersion: string): Json[] {
  const rendered = getResource(state, owner, apiVersion).body as Json;
  const properties = rendered['properties'] as Json;
  const key = Object.keys(properties).find((k) => k.toLowerCase() === property.toLowerCase());
  if (!key || !Array.isArray(properties[key])) {
    throw new ArmError(400, 'InvalidResourceType', `The resource type '${property}' could not be found under '${String(rendered['type'])}'.`);
  }
  return properties[key] as Json[];
}

/** GET of one resource: 404 ResourceGroupNotFound or ResourceNotFound when missing. */
export function getResource(state: ArmState, target: ResourceTarget, apiVersion: string, expand?: string | null): Reply {
  const nested = nestedProperty(target);
  if (nested) {
    const name = (target.segments[target.segments.length - 1] as { name: string }).name.toLowerCase();
    const item = nestedItems(state, nested.owner, nested.property, apiVersion).find((i) => String(i['name']).toLowerCase() === name);
    if (!item) throw new ArmError(404, 'NotFound', `Resource ${idOfTarget(state, target)} not found.`);
    return { status: 200, body: item };
  }
  const kind = kindFor(target);
  checkApiVersion(kind, apiVersion);
  const group = locateGroup(state, target.group);
  const resource = state.get(canonicalId(state, group, kind, names(target, kind)));
  if (!resource) throw notFound(kind.type, names(target, kind).join('/'), group.name);
  const body = render(state, resource);
  const view = expand ? Object.entries(kind.views ?? {}).find(([name]) => name.toLowerCase() === expand.toLowerCase()) : undefined;
  if (view) (body['properties'] as Json)[view[0]] = view[1](resource, state);
  return { status: 200, body };
}

/** DELETE: 202 with Azure-AsyncOperation and Location for long-running kinds, 200 otherwise, 204 when already gone. */
export function deleteResource(
  state: ArmState,
  behaviour: Behaviour,
  target: ResourceTarget,
  apiVersion: string,
  path: string,
  conditions: Conditions = {},
): Reply {
  const kind = kindFor(target);
  checkApiVersion(kind, apiVersion);
  const group = locateGroup(state, target.group);
  const resource = state.get(canonicalId(state, group, kind, names(target, kind)));
  if (conditions.ifMatch !== undefined && conditions.ifMatch !== '*') checkConditions(conditions, resource);
  if (!resource) return { status: 204 };
  const busy = state.busy(resource);
  if (busy?.method === 'DELETE' && busy.resourceId === resource.id) {
    return { status: 202, headers: operationHeaders(state, busy, behaviour, true) };
  }
  if (busy) throw anotherOperation(state, busy, resource);
  const refusal =
    kind.inUse?.(resource, state) ??
    state
      .children(resource.id)
      .map((c) => c.kind.inUse?.(c, state))
      .find(Boolean);
  if (refusal) throw refusal;
  if (!kind.asyncDelete) {
    state.remove(resource.id);
    return { status: 200 };
  }
  setState(state, resource, 'Deleting');
  const operation = startOperation(state, behaviour, resource, 'DELETE', apiVersion, path, (failed) => {
    if (failed) setState(state, resource, 'Failed');
    else deleteNow(state, resource);
  });
  return { status: 202, headers: operationHeaders(state, operation, behaviour, true) };
}

/** Removes a resource at once, with the side effects its kind has (a VM's disk and NICs). */
export function deleteNow(state: ArmState, resource: StoredResource): void {
  state.remove(resource.id);
  resource.kind.afterDelete?.(resource, state);
}

/** GET of a collection: a resource group's resources of a type, or a parent's children. */
export function listResources(
  state: ArmState,
  behaviour: Behaviour,
  target: ResourceTarget | { namespace: string; type: string },
  apiVersion: string,
  url: URL,
): Reply {
  if (!('segments' in target)) {
    const kind = KINDS.get(`${target.namespace}/${target.type}`.toLowerCase());
    if (!kind) throw new ArmError(400, 'InvalidResourceType', `The resource type '${target.type}' could not be found in the namespace '${target.namespace}'.`);
    checkApiVersion(kind, apiVersion);
    const all = state.all().filter((r) => r.kind === kind);
    return {
      status: 200,
      body: page(
        all.map((r) => render(state, r)),
        url,
        behaviour.pageSize,
      ),
    };
  }
  const group = locateGroup(state, target.group);
  const parentSegments = target.segments.slice(0, -1);
  const last = target.segments[target.segments.length - 1] as { type: string };
  if (parentSegments.length === 0) {
    const kind = kindFor(target);
    checkApiVersion(kind, apiVersion);
    const all = state.all().filter((r) => r.kind === kind && r.resourceGroup.toLowerCase() === group.name.toLowerCase());
    return {
      status: 200,
      body: page(
        all.map((r) => render(state, r)),
        url,
        behaviour.pageSize,
      ),
    };
  }
  const viewed = viewOf(state, target, apiVersion);
  if (viewed) return viewed;
  const nested = nestedProperty(target);
  if (nested) return { status: 200, body: page(nestedItems(state, nested.owner, nested.property, apiVersion), url, behaviour.pageSize) };
  const parentTarget: ResourceTarget = { ...target, segments: parentSegments };
  const parentKind = kindFor(parentTarget);
  checkApiVersion(parentKind, apiVersion);
  const parentId = canonicalId(state, group, parentKind, names(parentTarget));
  const parent = state.get(parentId);
  if (!parent) throw notFound(parentKind.type, names(parentTarget).join('/'), group.name);
  const everything = ['all', 'recordsets'].includes(last.type.toLowerCase());
  const kind = everything ? undefined : kindFor(target);
  const all = state.children(parent.id).filter((c) => (kind ? c.kind === kind : c.kind.recordSet === true));
  return {
    status: 200,
    body: page(
      all.map((r) => render(state, r)),
      url,
      behaviour.pageSize,
    ),
  };
}

/** The body a PUT would need to write a resource as it is stored, children included. */
function storedBody(state: ArmState, resource: StoredResource): Json {
  const properties = clone(resource.properties);
  for (const { property, childType } of resource.kind.childCollections ?? []) {
    properties[property] = state
      .children(resource.id)
      .filter((c) => c.kind.type.toLowerCase() === childType.toLowerCase())
      .map((c) => ({ name: c.name, properties: clone(c.properties) }));
  }
  const { etag: _etag, ...top } = clone(resource.top);
  return { ...top, ...(resource.location ? { location: resource.location } : {}), ...(resource.tags ? { tags: resource.tags } : {}), properties };
}

function merge(base: Json, patch: Json): Json {
  const out: Json = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    const current = out[key];
    out[key] =
      value && typeof value === 'object' && !Array.isArray(value) && current && typeof current === 'object' && !Array.isArray(current)
        ? merge(current as Json, value as Json)
        : value;
  }
  return out;
}

/**
 * PATCH: a tags-only patch (the SDKs' updateTags) replaces the tags at once and answers
 * 200; any other patch is merged into the resource and written as a PUT would be (a VM
 * update runs as a long-running operation).
 */
export function patchResource(
  state: ArmState,
  behaviour: Behaviour,
  target: ResourceTarget,
  patch: Json,
  apiVersion: string,
  path: string,
  conditions: Conditions = {},
): Reply {
  const kind = kindFor(target);
  checkApiVersion(kind, apiVersion);
  const group = locateGroup(state, target.group);
  checkGroupWritable(group);
  const resource = state.get(canonicalId(state, group, kind, names(target, kind)));
  if (!resource) throw notFound(kind.type, names(target, kind).join('/'), group.name);
  checkConditions(conditions, resource);
  const busy = state.busy(resource);
  if (busy) throw anotherOperation(state, busy, resource);
  const keys = Object.keys(patch);
  if (keys.every((k) => k === 'tags')) {
    const tags = checkTags(patch['tags']);
    if (tags) resource.tags = tags;
    else delete resource.tags;
    resource.top['etag'] = newEtag();
    return { status: 200, body: render(state, resource) };
  }
  const reply = putResource(state, behaviour, target, merge(storedBody(state, resource), patch), apiVersion, path);
  return { ...reply, status: 200 };
}

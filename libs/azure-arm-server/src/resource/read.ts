/** GET of one resource, of a nested sub-resource or view, and of collections. */
import { ArmError, notFound } from '../errors';
import { KINDS } from '../kinds';
import type { Json } from '../model';
import { page } from '../paging';
import type { Reply } from '../reply';
import type { ArmState } from '../state';
import type { Behaviour } from './behaviour';
import { render } from './render';
import { canonicalId, checkApiVersion, idOfTarget, kindFor, locate, locateGroup, names, type ResourceTarget } from './target';

/**
 * A nested sub-resource kept as a property of its owner (a load balancer's backend pools,
 * a NIC's ip configurations): the owner's target and the property, when `target` names one.
 */
export function nestedProperty(target: ResourceTarget): { owner: ResourceTarget; property: string } | undefined {
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
export function viewOf(state: ArmState, target: ResourceTarget, apiVersion: string): Reply | undefined {
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
export function nestedItems(state: ArmState, owner: ResourceTarget, property: string, apiVersion: string): Json[] {
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
  const { kind, group, pathNames, id } = locate(state, target, apiVersion);
  const resource = state.get(id);
  if (!resource) throw notFound(kind.type, pathNames.join('/'), group.name);
  const body = render(state, resource);
  const view = expand ? Object.entries(kind.views ?? {}).find(([name]) => name.toLowerCase() === expand.toLowerCase()) : undefined;
  if (view) (body['properties'] as Json)[view[0]] = view[1](resource, state);
  return { status: 200, body };
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

import { notFound } from '../errors';
import { newEtag } from '../kinds/common';
import type { Json, StoredResource } from '../model';
import type { Reply } from '../reply';
import { clone, type ArmState } from '../state';
import { checkTags } from '../tags';
import type { Behaviour } from './behaviour';
import { checkConditions, type Conditions } from './conditions';
import { anotherOperation } from './long-running';
import { render } from './render';
import { checkGroupWritable, locate, type ResourceTarget } from './target';
import { putResource } from './write';

/** The body a PUT would need to write a resource as it is stored, children included. */
export function storedBody(state: ArmState, resource: StoredResource): Json {
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

export function merge(base: Json, patch: Json): Json {
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
  const { kind, group, pathNames, id } = locate(state, target, apiVersion);
  checkGroupWritable(group);
  const resource = state.get(id);
  if (!resource) throw notFound(kind.type, pathNames.join('/'), group.name);
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

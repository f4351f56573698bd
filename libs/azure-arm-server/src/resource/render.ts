import type { Json, StoredResource } from '../model';
import { clone, type ArmState } from '../state';

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

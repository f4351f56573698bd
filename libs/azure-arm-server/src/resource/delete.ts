import type { StoredResource } from '../model';
import type { Reply } from '../reply';
import type { ArmState } from '../state';
import type { Behaviour } from './behaviour';
import { checkConditions, type Conditions } from './conditions';
import { anotherOperation, operationHeaders, setState, startOperation } from './long-running';
import { locate, type ResourceTarget } from './target';

/** DELETE: 202 with Azure-AsyncOperation and Location for long-running kinds, 200 otherwise, 204 when already gone. */
export function deleteResource(
  state: ArmState,
  behaviour: Behaviour,
  target: ResourceTarget,
  apiVersion: string,
  path: string,
  conditions: Conditions = {},
): Reply {
  const { kind, id } = locate(state, target, apiVersion);
  const resource = state.get(id);
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

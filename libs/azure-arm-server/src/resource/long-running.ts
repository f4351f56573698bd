/** Starting long-running operations and the headers and refusals that go with them. */
import { ArmError } from '../errors';
import type { StoredResource } from '../model';
import type { ArmState, Operation } from '../state';
import type { Behaviour } from './behaviour';

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

export function anotherOperation(state: ArmState, operation: Operation, resource: StoredResource): ArmError {
  return new ArmError(
    409,
    'AnotherOperationInProgress',
    `Another operation on this or dependent resource is in progress. To retrieve status of the operation use uri: ${state.endpoint}/subscriptions/${state.subscriptionId}/providers/${operation.namespace}/locations/${operation.location}/operations/${operation.id}?api-version=${operation.apiVersion}. Resource: ${resource.id}.`,
  );
}

export function startOperation(
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

export function setState(state: ArmState, resource: StoredResource, provisioningState: string): void {
  resource.properties['provisioningState'] = provisioningState;
  for (const child of state.children(resource.id)) setState(state, child, provisioningState);
}

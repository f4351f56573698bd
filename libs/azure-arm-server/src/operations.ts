import { ArmError } from './errors';
import type { Reply } from './reply';
import { render, type Behaviour } from './resource';
import type { ArmState } from './state';

function find(state: ArmState, id: string) {
  const operation = state.operations.get(id);
  if (!operation) throw new ArmError(404, 'ResourceNotFound', `The operation '${id}' could not be found.`);
  return operation;
}

/**
 * The Azure-AsyncOperation status resource
 * (https://github.com/Azure/azure-resource-manager-rpc/blob/master/v1.0/async-api-reference.md#azure-asyncoperation-resource-format).
 */
export function operationStatus(state: ArmState, behaviour: Behaviour, id: string): Reply {
  const operation = find(state, id);
  return {
    status: 200,
    body: {
      id: `/subscriptions/${state.subscriptionId}/providers/${operation.namespace}/locations/${operation.location}/operations/${operation.id}`,
      name: operation.id,
      status: operation.status,
      startTime: operation.startTime,
      ...(operation.endTime ? { endTime: operation.endTime } : {}),
      ...(operation.error ? { error: operation.error } : {}),
    },
    ...(operation.status === 'InProgress' ? { headers: { 'Retry-After': String(behaviour.retryAfterSeconds) } } : {}),
  };
}

/**
 * The Location (operation result) URL: 202 while in progress; then 204 for a deletion,
 * 200 with the resource for a PUT, or the operation's error.
 */
export function operationResult(state: ArmState, behaviour: Behaviour, id: string, url: URL): Reply {
  const operation = find(state, id);
  if (operation.status === 'InProgress') return { status: 202, headers: { Location: url.toString(), 'Retry-After': String(behaviour.retryAfterSeconds) } };
  if (operation.status === 'Failed') {
    return { status: 400, body: { error: operation.error ?? { code: 'InternalServerError', message: 'The operation failed.' } } };
  }
  if (operation.method === 'DELETE') return { status: operation.namespace ? 204 : 200 };
  const resource = state.get(operation.resourceId);
  return resource ? { status: 200, body: render(state, resource) } : { status: 204 };
}

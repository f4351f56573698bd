import type { KubernetesObject } from '@kubernetes/client-node';
import { InputError } from '@strata/errors';
import type { ClusterConnection } from '../connection';
import { mergePatch } from '../objects';
import type { ResourceDescription } from '../resources';

/** The annotation `kubectl rollout restart` sets; changing the pod template triggers a rollout. */
export const RESTARTED_AT_ANNOTATION = 'kubectl.kubernetes.io/restartedAt';

/**
 * Restarts all pods of a Deployment, StatefulSet or DaemonSet by a rolling update, the way
 * `kubectl rollout restart` does: stamp the pod template with the current time. Returns
 * the updated object.
 */
export async function rolloutRestart<T extends KubernetesObject = KubernetesObject>(
  conn: ClusterConnection,
  resource: ResourceDescription,
  namespace: string,
  name: string,
  now: Date = new Date(),
): Promise<T> {
  if (!resource.podTemplate) {
    throw new InputError(`${resource.kind} cannot be restarted`, [{ path: 'resource', message: `${resource.plural} have no pod template` }]);
  }
  const patch = { spec: { template: { metadata: { annotations: { [RESTARTED_AT_ANNOTATION]: now.toISOString() } } } } };
  return mergePatch<T>(conn, resource, namespace, name, patch, { doing: 'restarting' });
}

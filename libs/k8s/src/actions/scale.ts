import { InputError } from '@strata/errors';
import type { ClusterConnection } from '../connection';
import { mergePatch } from '../objects';
import type { ResourceDescription } from '../resources';

/** The `autoscaling/v1` Scale an object answers with. */
export interface ScaleResult {
  /** Desired replicas. */
  replicas: number;
  /** Replicas observed by the controller. */
  currentReplicas: number;
  /** Label selector of the pods, as a string. */
  selector?: string;
}

interface V1Scale {
  spec?: { replicas?: number };
  status?: { replicas?: number; selector?: string };
}

/**
 * Sets the desired replicas through the `scale` subresource, which works for every kind
 * that has one (Deployment, StatefulSet, ReplicaSet, custom resources) and needs only the
 * `update` verb on `<plural>/scale`.
 */
export async function scale(conn: ClusterConnection, resource: ResourceDescription, namespace: string, name: string, replicas: number): Promise<ScaleResult> {
  if (!Number.isInteger(replicas) || replicas < 0) {
    throw new InputError(`cannot scale to ${replicas} replicas`, [{ path: 'replicas', message: 'must be an integer ≥ 0' }]);
  }
  if (!resource.scalable) {
    throw new InputError(`${resource.kind} cannot be scaled`, [{ path: 'resource', message: `${resource.plural} have no scale subresource` }]);
  }
  const result = await mergePatch<V1Scale & { apiVersion?: string }>(
    conn,
    resource,
    namespace,
    name,
    { spec: { replicas } },
    { subresource: 'scale', doing: `scaling to ${replicas} replicas` },
  );
  return {
    replicas: result.spec?.replicas ?? replicas,
    currentReplicas: result.status?.replicas ?? 0,
    ...(result.status?.selector ? { selector: result.status.selector } : {}),
  };
}

import type { V1Node } from '@kubernetes/client-node';
import type { ClusterConnection } from '../connection';
import { mergePatch } from '../objects';
import { RESOURCES } from '../resources';

/** Marks a node unschedulable: running pods stay, new pods go elsewhere. Returns the node. */
export function cordon(conn: ClusterConnection, node: string): Promise<V1Node> {
  return mergePatch<V1Node>(conn, RESOURCES.nodes, undefined, node, { spec: { unschedulable: true } }, { doing: 'cordoning' });
}

/** Makes a node schedulable again. Returns the node. */
export function uncordon(conn: ClusterConnection, node: string): Promise<V1Node> {
  // null removes the field, as `kubectl uncordon` leaves it.
  return mergePatch<V1Node>(conn, RESOURCES.nodes, undefined, node, { spec: { unschedulable: null } }, { doing: 'uncordoning' });
}

import type { KubernetesObject, V1Namespace } from '@kubernetes/client-node';
import { isListedResource, type RowBase } from '../../lib/rows';
import { eventRow } from './event-row';
import { baseRow } from './meta';
import { nodeRow } from './node-row';
import { podRow } from './pod-row';
import { daemonSetRow, deploymentRow, statefulSetRow } from './workload-row';

/* eslint-disable @typescript-eslint/no-explicit-any -- objects arrive untyped from the API; each projection reads them defensively. */
const PROJECTIONS: Record<string, (object: any) => RowBase> = {
  nodes: nodeRow,
  pods: podRow,
  deployments: deploymentRow,
  statefulsets: statefulSetRow,
  daemonsets: daemonSetRow,
  namespaces: (ns: V1Namespace) => ({ ...baseRow(ns), phase: ns.status?.phase ?? 'Active' }),
  events: eventRow,
};
/* eslint-enable @typescript-eslint/no-explicit-any */

/** The table row of `object`, a `resource` (key of RESOURCES); metadata only for other kinds. */
export function projectRow(resource: string, object: KubernetesObject): RowBase {
  const projection = isListedResource(resource) ? PROJECTIONS[resource] : undefined;
  return projection ? projection(object) : baseRow(object);
}

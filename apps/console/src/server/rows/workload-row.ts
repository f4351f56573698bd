import type { V1DaemonSet, V1Deployment, V1LabelSelector, V1StatefulSet } from '@kubernetes/client-node';
import type { WorkloadRow } from '../../lib/rows';
import { baseRow } from './meta';

/** `app=web,tier=front` from a label selector's `matchLabels` (expressions are left out). */
export function selectorText(selector: V1LabelSelector | undefined): string {
  return Object.entries(selector?.matchLabels ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}

export function deploymentRow(d: V1Deployment): WorkloadRow {
  return {
    ...baseRow(d),
    kind: 'Deployment',
    desired: d.spec?.replicas ?? 1,
    ready: d.status?.readyReplicas ?? 0,
    updated: d.status?.updatedReplicas ?? 0,
    available: d.status?.availableReplicas ?? 0,
    selector: selectorText(d.spec?.selector),
  };
}

export function statefulSetRow(s: V1StatefulSet): WorkloadRow {
  return {
    ...baseRow(s),
    kind: 'StatefulSet',
    desired: s.spec?.replicas ?? 1,
    ready: s.status?.readyReplicas ?? 0,
    updated: s.status?.updatedReplicas ?? 0,
    available: s.status?.availableReplicas ?? 0,
    selector: selectorText(s.spec?.selector),
  };
}

export function daemonSetRow(d: V1DaemonSet): WorkloadRow {
  return {
    ...baseRow(d),
    kind: 'DaemonSet',
    desired: d.status?.desiredNumberScheduled ?? 0,
    ready: d.status?.numberReady ?? 0,
    updated: d.status?.updatedNumberScheduled ?? 0,
    available: d.status?.numberAvailable ?? 0,
    selector: selectorText(d.spec?.selector),
  };
}

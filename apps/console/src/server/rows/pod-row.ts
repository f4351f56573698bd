import type { V1Pod } from '@kubernetes/client-node';
import type { PodRow } from '../../lib/rows';
import { baseRow } from './meta';

/**
 * The STATUS column of `kubectl get pods`: `Terminating` while deleting, else the first
 * waiting or terminated container reason, else the pod's reason or phase.
 */
export function podStatus(pod: V1Pod): string {
  if (pod.metadata?.deletionTimestamp) return 'Terminating';
  for (const c of [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])]) {
    const reason = c.state?.waiting?.reason ?? (c.state?.terminated && c.state.terminated.reason !== 'Completed' ? c.state.terminated.reason : undefined);
    if (reason) return reason;
  }
  return pod.status?.reason ?? pod.status?.phase ?? 'Unknown';
}

/** A Pod as `kubectl get pods -o wide` shows it. */
export function podRow(pod: V1Pod): PodRow {
  const statuses = pod.status?.containerStatuses ?? [];
  const total = pod.spec?.containers?.length ?? statuses.length;
  const owner = pod.metadata?.ownerReferences?.find((o) => o.controller) ?? pod.metadata?.ownerReferences?.[0];
  return {
    ...baseRow(pod),
    phase: pod.status?.phase ?? 'Unknown',
    status: podStatus(pod),
    ready: `${statuses.filter((s) => s.ready).length}/${total}`,
    restarts: statuses.reduce((sum, s) => sum + (s.restartCount ?? 0), 0),
    ...(pod.spec?.nodeName ? { node: pod.spec.nodeName } : {}),
    ...(pod.status?.podIP ? { podIP: pod.status.podIP } : {}),
    ...(owner ? { ownerKind: owner.kind, ownerName: owner.name } : {}),
  };
}

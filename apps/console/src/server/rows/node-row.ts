import type { V1Node } from '@kubernetes/client-node';
import type { NodeRow } from '../../lib/rows';
import { baseRow } from './meta';

const ROLE_PREFIX = 'node-role.kubernetes.io/';

/** A Node as `kubectl get nodes -o wide` shows it. */
export function nodeRow(node: V1Node): NodeRow {
  const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
  const labels = node.metadata?.labels ?? {};
  const roles = Object.keys(labels)
    .filter((key) => key.startsWith(ROLE_PREFIX))
    .map((key) => key.slice(ROLE_PREFIX.length))
    .filter((role) => role !== '')
    .sort();
  return {
    ...baseRow(node),
    ready: ready?.status === 'True' ? 'Ready' : ready?.status === 'False' ? 'NotReady' : 'Unknown',
    readyMessage: ready?.message ?? '',
    schedulable: !node.spec?.unschedulable,
    roles: roles.length > 0 ? roles : [labels['kubernetes.io/role'] ?? 'worker'],
    osImage: node.status?.nodeInfo?.osImage ?? '',
    kubeletVersion: node.status?.nodeInfo?.kubeletVersion ?? '',
    addresses: (node.status?.addresses ?? []).map((a) => `${a.type}=${a.address}`),
  };
}

import type { V1Pod } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { podVerdict, type DrainOptions } from './drain';

const owned = (kind: string): V1Pod['metadata'] => ({
  name: 'p',
  namespace: 'ns',
  ownerReferences: [{ apiVersion: 'apps/v1', kind, name: 'owner', uid: 'u', controller: true }],
});

const pods: Record<string, V1Pod> = {
  replicaSet: { metadata: owned('ReplicaSet'), status: { phase: 'Running' } },
  daemonSet: { metadata: owned('DaemonSet'), status: { phase: 'Running' } },
  mirror: { metadata: { name: 'etcd-cp', namespace: 'kube-system', annotations: { 'kubernetes.io/config.mirror': 'abc' } } },
  bare: { metadata: { name: 'bare', namespace: 'ns' }, status: { phase: 'Running' } },
  bareFinished: { metadata: { name: 'job-x', namespace: 'ns' }, status: { phase: 'Succeeded' } },
  scratch: { metadata: owned('ReplicaSet'), spec: { containers: [], volumes: [{ name: 'tmp', emptyDir: {} }] }, status: { phase: 'Running' } },
};

const defaults: DrainOptions = { timeoutMs: 1_000 };

describe('podVerdict', () => {
  it.each([
    ['replicaSet', defaults, undefined],
    ['daemonSet', defaults, 'skip'],
    ['daemonSet', { ...defaults, ignoreDaemonSets: false }, /managed by DaemonSet owner/],
    ['mirror', defaults, 'skip'],
    ['mirror', { ...defaults, force: true }, 'skip'],
    ['bare', defaults, /not managed by a controller/],
    ['bare', { ...defaults, force: true }, undefined],
    ['bareFinished', defaults, undefined],
    ['scratch', defaults, undefined],
    ['scratch', { ...defaults, deleteEmptyDirData: false }, /emptyDir/],
  ] as const)('%s with %o → %s', (pod, options, expected) => {
    const verdict = podVerdict(pods[pod] as V1Pod, options);
    if (expected instanceof RegExp) expect(verdict).toMatch(expected);
    else expect(verdict).toBe(expected);
  });
});

import type { V1Pod } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { podRow, podStatus } from './pod-row';

const pod = (extra: Partial<V1Pod> = {}): V1Pod => ({
  metadata: {
    uid: 'u1',
    name: 'web-1',
    namespace: 'shop',
    creationTimestamp: new Date('2026-01-01T00:00:00Z'),
    ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-5d9', uid: 'r', controller: true }],
  },
  spec: { nodeName: 'w1', containers: [{ name: 'a' }, { name: 'b' }] },
  status: {
    phase: 'Running',
    podIP: '10.0.0.7',
    containerStatuses: [
      { name: 'a', ready: true, restartCount: 2, image: 'x', imageID: '', state: { running: {} } },
      { name: 'b', ready: false, restartCount: 1, image: 'y', imageID: '', state: { running: {} } },
    ],
  },
  ...extra,
});

describe('podRow', () => {
  it('reads ready containers, restarts, node, IP and controller', () => {
    expect(podRow(pod())).toEqual({
      uid: 'u1',
      name: 'web-1',
      namespace: 'shop',
      createdAt: '2026-01-01T00:00:00.000Z',
      phase: 'Running',
      status: 'Running',
      ready: '1/2',
      restarts: 3,
      node: 'w1',
      podIP: '10.0.0.7',
      ownerKind: 'ReplicaSet',
      ownerName: 'web-5d9',
    });
  });
});

describe('podStatus', () => {
  it.each<[string, V1Pod, string]>([
    ['a deleting pod', { ...pod(), metadata: { ...pod().metadata, deletionTimestamp: new Date() } }, 'Terminating'],
    [
      'a waiting container',
      {
        ...pod(),
        status: {
          phase: 'Running',
          containerStatuses: [{ name: 'a', ready: false, restartCount: 5, image: '', imageID: '', state: { waiting: { reason: 'CrashLoopBackOff' } } }],
        },
      },
      'CrashLoopBackOff',
    ],
    ['an evicted pod', { ...pod(), status: { phase: 'Failed', reason: 'Evicted' } }, 'Evicted'],
    ['a pod without status', { metadata: { name: 'x' } }, 'Unknown'],
    [
      'a completed container',
      {
        ...pod(),
        status: {
          phase: 'Succeeded',
          containerStatuses: [
            { name: 'a', ready: false, restartCount: 0, image: '', imageID: '', state: { terminated: { exitCode: 0, reason: 'Completed' } } },
          ],
        },
      },
      'Succeeded',
    ],
  ])('%s reads %s', (_what, p, expected) => {
    expect(podStatus(p)).toBe(expected);
  });
});

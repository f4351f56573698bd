import { describe, expect, it } from 'vitest';
import { podDetailsFromYaml } from './pod-details';

const POD = `
apiVersion: v1
kind: Pod
metadata:
  name: web-1
  namespace: shop
  labels: {app: web}
  ownerReferences: [{kind: ReplicaSet, name: web-5d9, controller: true}]
spec:
  nodeName: worker-1
  containers:
    - {name: app, image: nginx:1.27}
    - {name: sidecar, image: envoy:1}
status:
  phase: Running
  podIP: 10.0.0.7
  qosClass: BestEffort
  conditions: [{type: Ready, status: "False", reason: ContainersNotReady}]
  containerStatuses:
    - {name: app, ready: true, restartCount: 2, state: {running: {startedAt: "2026-01-01T00:00:00Z"}}}
    - {name: sidecar, ready: false, restartCount: 0, state: {waiting: {reason: CrashLoopBackOff}}}
`;

describe('podDetailsFromYaml', () => {
  it('reads status, placement, owner, containers and conditions', () => {
    expect(podDetailsFromYaml(POD)).toEqual({
      phase: 'Running',
      node: 'worker-1',
      podIP: '10.0.0.7',
      qosClass: 'BestEffort',
      owner: 'ReplicaSet/web-5d9',
      containers: [
        { name: 'app', image: 'nginx:1.27', ready: true, restarts: 2, state: 'running' },
        { name: 'sidecar', image: 'envoy:1', ready: false, restarts: 0, state: 'waiting (CrashLoopBackOff)' },
      ],
      conditions: [{ type: 'Ready', status: 'False', reason: 'ContainersNotReady' }],
      labels: { app: 'web' },
    });
  });

  it('tolerates a pod without status', () => {
    expect(podDetailsFromYaml('kind: Pod\nmetadata: {name: x}\n')).toMatchObject({ phase: 'Unknown', containers: [], conditions: [] });
  });
});

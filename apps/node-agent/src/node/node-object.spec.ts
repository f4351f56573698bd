import { describe, expect, it } from 'vitest';
import { agentConfig } from '../testing/agent-config';
import { goArch, newNode, nodeStatus, type NodeFacts } from './node-object';

const facts: NodeFacts = {
  identity: { machineID: '0123456789abcdef0123456789abcdef', systemUUID: 'u-u-i-d', bootID: 'boot' },
  size: { instanceType: 'local-small', capacity: { cpu: '2', memory: '8Gi', pods: '110', 'ephemeral-storage': '100Gi' } },
  kernelVersion: '6.1.0',
  architecture: 'amd64',
};

describe('newNode', () => {
  const node = newNode(agentConfig(), facts);

  it('names the node after the machine with its providerID and configured taints', () => {
    expect(node.metadata?.name).toBe('demo-default-0');
    expect(node.spec?.providerID).toBe('local://demo/demo-default-0');
    expect(node.spec?.taints).toEqual([{ key: 'dedicated', value: 'web', effect: 'NoSchedule' }]);
  });

  it('sets the well-known labels and the pool labels, never a role label', () => {
    expect(node.metadata?.labels).toEqual({
      'kubernetes.io/hostname': 'demo-default-0',
      'kubernetes.io/os': 'linux',
      'kubernetes.io/arch': 'amd64',
      'node.kubernetes.io/instance-type': 'local-small',
      'strata.dev/pool': 'default',
      tier: 'web',
    });
  });

  it('leaves taints out when there are none', () => {
    expect(newNode(agentConfig({ taints: [] }), facts).spec).toEqual({ providerID: 'local://demo/demo-default-0' });
  });
});

describe('nodeStatus', () => {
  const t0 = new Date('2026-01-01T00:00:00Z');
  const t1 = new Date('2026-01-01T00:00:10Z');
  const ready = (s: ReturnType<typeof nodeStatus>) => s.conditions?.find((c) => c.type === 'Ready');

  it('reports addresses, node info, capacity and the four kubelet conditions', () => {
    const status = nodeStatus(agentConfig(), facts, { ready: true }, t0);
    expect(status.addresses).toEqual([
      { type: 'InternalIP', address: '127.1.0.3' },
      { type: 'Hostname', address: 'demo-default-0' },
    ]);
    expect(status.nodeInfo).toMatchObject({
      osImage: 'Strata Container Linux 4230.2.0 (stable)',
      kubeletVersion: 'v1.37.2',
      containerRuntimeVersion: 'strata-node-agent://0.1.0',
      machineID: facts.identity.machineID,
      kernelVersion: '6.1.0',
    });
    expect(status.capacity).toEqual(facts.size.capacity);
    expect(status.allocatable).toEqual(facts.size.capacity);
    expect(status.daemonEndpoints).toEqual({ kubeletEndpoint: { Port: 10250 } });
    expect(status.conditions?.map((c) => [c.type, c.status, c.reason])).toEqual([
      ['MemoryPressure', 'False', 'KubeletHasSufficientMemory'],
      ['DiskPressure', 'False', 'KubeletHasNoDiskPressure'],
      ['PIDPressure', 'False', 'KubeletHasSufficientPID'],
      ['Ready', 'True', 'KubeletReady'],
    ]);
  });

  it('says in the Ready message that the machine restarted the agent', () => {
    expect(ready(nodeStatus(agentConfig(), facts, { ready: true }, t0))?.message).toBe('node agent is posting ready status');
    const restarted = nodeStatus(
      agentConfig(),
      facts,
      { ready: true, agentRestarts: { count: 2, lastExit: 'killed by SIGKILL at 2026-01-01T00:00:00.000Z' } },
      t0,
    );
    expect(ready(restarted)).toMatchObject({
      status: 'True',
      reason: 'KubeletReady',
      message: 'node agent is posting ready status; restarted 2 times by its machine (last exit: killed by SIGKILL at 2026-01-01T00:00:00.000Z)',
    });
  });

  it('moves lastTransitionTime only when a condition changes, and always the heartbeat', () => {
    const first = nodeStatus(agentConfig(), facts, { ready: true }, t0);
    const same = nodeStatus(agentConfig(), facts, { ready: true }, t1, first);
    expect(ready(same)).toMatchObject({ lastTransitionTime: t0, lastHeartbeatTime: t1 });
    const stopped = nodeStatus(agentConfig(), facts, { ready: false }, t1, first);
    expect(ready(stopped)).toMatchObject({ status: 'False', reason: 'NodeAgentStopped', lastTransitionTime: t1 });
  });

  it('keeps conditions and fields it does not own', () => {
    const previous = {
      conditions: [{ type: 'KernelDeadlock', status: 'False', reason: 'KernelHasNoDeadlock' }],
      volumesAttached: [{ name: 'vol', devicePath: '/dev/x' }],
    };
    const status = nodeStatus(agentConfig(), facts, { ready: true }, t0, previous);
    expect(status.conditions?.map((c) => c.type)).toContain('KernelDeadlock');
    expect(status.volumesAttached).toEqual(previous.volumesAttached);
  });

  it('reports static pods in their own condition', () => {
    const failing = nodeStatus(agentConfig(), facts, { ready: true, staticPods: { healthy: false, message: 'kube-x: image has no binary' } }, t0);
    expect(failing.conditions?.find((c) => c.type === 'StaticPodsHealthy')).toMatchObject({
      status: 'False',
      reason: 'StaticPodsFailing',
      message: 'kube-x: image has no binary',
    });
    expect(ready(failing)?.status).toBe('True');
  });
});

describe('goArch', () => {
  it.each([
    ['x64', 'amd64'],
    ['arm64', 'arm64'],
  ])('%s → %s', (node, go) => expect(goArch(node)).toBe(go));
});

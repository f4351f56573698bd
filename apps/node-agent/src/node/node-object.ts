import type { V1Node, V1NodeCondition, V1NodeStatus } from '@kubernetes/client-node';
import type { NodeAgentConfig } from '@strata/bootstrap';
import { splitSelfLabels } from './self-labels';
import type { MachineIdentity } from './machine-identity';
import type { MachineSize } from './machine-size';

/** The version the agent reports as its container runtime. */
export const AGENT_VERSION = '0.1.0';

/** The kubelet's port, reported in `status.daemonEndpoints`. */
export const KUBELET_PORT = 10250;

/** Conditions the agent owns; any other condition on the Node (e.g. from a problem detector) is kept as is. */
export const STATIC_PODS_CONDITION = 'StaticPodsHealthy';

/** Facts about the machine that do not change while the agent runs. */
export interface NodeFacts {
  identity: MachineIdentity;
  size: MachineSize;
  kernelVersion: string;
  /** Go architecture name (amd64, arm64). */
  architecture: string;
}

/** What the agent currently knows about its own health. */
export interface NodeHealth {
  /** False once the agent stops. */
  ready: boolean;
  /** Static pods that cannot run or are not running, if any (omitted on machines without static pods). */
  staticPods?: { healthy: boolean; message: string };
  /** Set when the machine's supervisor has restarted the agent: how often, and how the last one ended. */
  agentRestarts?: { count: number; lastExit: string | null };
}

/** The Ready=True message; it says when the agent was restarted, as `kubectl describe node` and the console show it. */
function readyMessage(health: NodeHealth): string {
  const base = 'node agent is posting ready status';
  const r = health.agentRestarts;
  if (!r || r.count === 0) return base;
  return `${base}; restarted ${r.count} time${r.count === 1 ? '' : 's'} by its machine${r.lastExit ? ` (last exit: ${r.lastExit})` : ''}`;
}

/** Go's name for the Node.js architecture. */
export function goArch(arch: string = process.arch): string {
  return ({ x64: 'amd64', arm64: 'arm64', arm: 'arm', ia32: '386', ppc64: 'ppc64le', s390x: 's390x' } as Record<string, string>)[arch] ?? arch;
}

/** Labels the node sets on itself: the well-known ones plus every configured label NodeRestriction allows. */
export function selfLabels(config: NodeAgentConfig, facts: NodeFacts): { labels: Record<string, string>; skipped: string[] } {
  const { allowed, skipped } = splitSelfLabels(config.labels);
  return {
    labels: {
      ...allowed,
      'kubernetes.io/hostname': config.machine,
      'kubernetes.io/os': 'linux',
      'kubernetes.io/arch': facts.architecture,
      'node.kubernetes.io/instance-type': facts.size.instanceType,
    },
    skipped,
  };
}

/** The Node object the agent creates when it registers. */
export function newNode(config: NodeAgentConfig, facts: NodeFacts): V1Node {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: config.machine,
      labels: selfLabels(config, facts).labels,
      // As the kubelet does: volumes are attached and detached by the controller manager.
      annotations: { 'volumes.kubernetes.io/controller-managed-attach-detach': 'true' },
    },
    spec: {
      providerID: config.providerID,
      ...(config.taints.length > 0
        ? { taints: config.taints.map((t) => ({ key: t.key, effect: t.effect, ...(t.value !== undefined ? { value: t.value } : {}) })) }
        : {}),
    },
  };
}

function condition(type: string, status: 'True' | 'False', reason: string, message: string, now: Date, previous: V1NodeCondition[]): V1NodeCondition {
  const prior = previous.find((c) => c.type === type);
  // The transition time moves only when the status changes (API conventions).
  const lastTransitionTime = prior && prior.status === status && prior.lastTransitionTime ? prior.lastTransitionTime : now;
  return { type, status, reason, message, lastHeartbeatTime: now, lastTransitionTime };
}

/**
 * The Node status the agent posts: addresses, node info, capacity and allocatable, the
 * kubelet's four standard conditions (plus `StaticPodsHealthy` on machines with static
 * pods) and the kubelet endpoint. Fields the agent does not own (e.g. `volumesAttached`,
 * foreign conditions) are carried over from `previous`.
 */
export function nodeStatus(config: NodeAgentConfig, facts: NodeFacts, health: NodeHealth, now: Date, previous: V1NodeStatus = {}): V1NodeStatus {
  const before = previous.conditions ?? [];
  const owned = new Set(['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure', STATIC_PODS_CONDITION]);
  const conditions: V1NodeCondition[] = [
    condition('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'node agent has sufficient memory available', now, before),
    condition('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'node agent has no disk pressure', now, before),
    condition('PIDPressure', 'False', 'KubeletHasSufficientPID', 'node agent has sufficient PID available', now, before),
    health.ready
      ? condition('Ready', 'True', 'KubeletReady', readyMessage(health), now, before)
      : condition('Ready', 'False', 'NodeAgentStopped', 'node agent stopped', now, before),
  ];
  if (health.staticPods) {
    conditions.push(
      health.staticPods.healthy
        ? condition(STATIC_PODS_CONDITION, 'True', 'StaticPodsRunning', health.staticPods.message, now, before)
        : condition(STATIC_PODS_CONDITION, 'False', 'StaticPodsFailing', health.staticPods.message, now, before),
    );
  }
  const foreign = before.filter((c) => !owned.has(c.type));
  const os = config.os;
  return {
    ...previous,
    addresses: [
      { type: 'InternalIP', address: config.address },
      { type: 'Hostname', address: config.machine },
    ],
    capacity: { ...facts.size.capacity },
    allocatable: { ...facts.size.capacity },
    conditions: [...conditions, ...foreign],
    daemonEndpoints: { kubeletEndpoint: { Port: KUBELET_PORT } },
    nodeInfo: {
      machineID: facts.identity.machineID,
      systemUUID: facts.identity.systemUUID,
      bootID: facts.identity.bootID,
      kernelVersion: facts.kernelVersion,
      osImage: `${os.name} ${os.version} (${os.channel})`,
      containerRuntimeVersion: `strata-node-agent://${AGENT_VERSION}`,
      kubeletVersion: config.kubernetesVersion,
      // Deprecated since Kubernetes 1.31; the kubelet leaves it empty.
      kubeProxyVersion: '',
      operatingSystem: 'linux',
      architecture: facts.architecture,
    },
  };
}

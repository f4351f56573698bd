import type { NodeAgentConfig } from '@strata/bootstrap';

/** A valid node agent configuration for unit tests, as machineIgnition renders it for a worker. */
export function agentConfig(overrides: Partial<NodeAgentConfig> = {}): NodeAgentConfig {
  return {
    cluster: 'demo',
    machine: 'demo-default-0',
    role: 'worker',
    pool: 'default',
    address: '127.1.0.3',
    providerID: 'local://demo/demo-default-0',
    kubeconfig: '/etc/kubernetes/auth/kubelet-demo-default-0.kubeconfig',
    apiServerUrl: 'https://127.1.0.1:6443',
    kubernetesVersion: 'v1.37.2',
    labels: { 'node-role.kubernetes.io/worker': '', 'strata.dev/pool': 'default', tier: 'web' },
    taints: [{ key: 'dedicated', value: 'web', effect: 'NoSchedule' }],
    os: { name: 'Strata Container Linux', version: '4230.2.0', channel: 'stable' },
    leaseRenewSeconds: 10,
    statusUpdateSeconds: 10,
    ...overrides,
  };
}

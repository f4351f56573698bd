import type { PkiPlan } from '../plan';

/** A fixed issuing instant, so validity windows in tests are reproducible. */
export const TEST_NOW = new Date('2030-01-15T12:00:00Z');

/** A cluster with three control-plane members (also nodes) and two workers. */
export function threeMemberPlan(overrides: Partial<PkiPlan> = {}): PkiPlan {
  const controlPlane = [
    { name: 'cp-0', address: '10.0.0.10', dnsNames: ['cp-0.demo.internal'] },
    { name: 'cp-1', address: '10.0.0.11' },
    { name: 'cp-2', address: '10.0.0.12' },
  ];
  return {
    clusterName: 'demo',
    clusterDomain: 'cluster.local',
    firstServiceIP: '172.30.0.1',
    apiServer: { url: 'https://api.demo.example.com:6443', dnsNames: ['api.demo.example.com'], ipAddresses: ['10.0.0.5'] },
    controlPlane,
    nodes: [
      ...controlPlane.map(({ name, address }) => ({ name, address })),
      { name: 'worker-a', address: '10.0.1.1' },
      { name: 'worker-b', address: '10.0.1.2' },
    ],
    now: TEST_NOW,
    ...overrides,
  };
}

/** The smallest valid plan: one control-plane machine that is also the only node. */
export function singleMachinePlan(overrides: Partial<PkiPlan> = {}): PkiPlan {
  return {
    clusterName: 'solo',
    clusterDomain: 'cluster.local',
    firstServiceIP: '10.96.0.1',
    apiServer: { url: 'https://127.0.0.2:6443', dnsNames: [], ipAddresses: [] },
    controlPlane: [{ name: 'solo-0', address: '127.0.0.2' }],
    nodes: [{ name: 'solo-0', address: '127.0.0.2' }],
    now: TEST_NOW,
    ...overrides,
  };
}

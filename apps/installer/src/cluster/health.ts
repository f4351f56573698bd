import { existsSync } from 'node:fs';
import { localAddressPlan, machinesOf, platformOf, type Cluster } from '@strata/cluster-config';
import type { MachineInfo } from '@strata/driver-api';
import { clusterFiles } from './context';
import { loadK8s } from './load-k8s';

export interface NodeHealth {
  name: string;
  ready: 'True' | 'False' | 'Unknown';
  roles: string[];
  providerID?: string;
  osImage?: string;
  version?: string;
}

export interface ClusterHealth {
  apiUrl: string;
  apiReady: boolean;
  /** `/readyz?verbose` checks that failed. */
  failingChecks: string[];
  nodes: NodeHealth[];
  expectedNodes: number;
  healthy: boolean;
}

function apiEndpoint(cluster: Cluster): { apiAddress: string; apiPort: number } {
  if (platformOf(cluster).name === 'local') {
    const plan = localAddressPlan(cluster);
    return { apiAddress: plan.apiAddress, apiPort: plan.apiPort };
  }
  return { apiAddress: `api.${cluster.metadata.name}.${cluster.spec.baseDomain}`, apiPort: 6443 };
}

/** What the API says about the cluster: readiness and every node's Ready condition. */
export async function clusterHealth(cluster: Cluster, dir: string, machines: MachineInfo[]): Promise<ClusterHealth> {
  const endpoint = apiEndpoint(cluster);
  const apiUrl = `https://${endpoint.apiAddress}:${endpoint.apiPort}`;
  const expectedNodes = machinesOf(cluster).length;
  const result: ClusterHealth = { apiUrl, apiReady: false, failingChecks: [], nodes: [], expectedNodes, healthy: false };
  if (!existsSync(clusterFiles(dir).adminKubeconfig) || machines.length === 0) return result;
  // The API probe lives with the local driver; loaded on first use, like the drivers themselves.
  const { apiGet } = await import('@strata/driver-local');
  const readyz = await apiGet(dir, endpoint, '/readyz?verbose');
  result.apiReady = readyz.status === 200;
  result.failingChecks = readyz.body
    .split('\n')
    .filter((l) => l.startsWith('[-]'))
    .map((l) => l.slice(3).split(' ')[0] ?? l);
  if (!result.apiReady) return result;
  try {
    const { coreApi, kubeConfigFromFile, listAllNodes, readyStatus } = await loadK8s();
    const api = coreApi(kubeConfigFromFile(clusterFiles(dir).adminKubeconfig));
    result.nodes = (await listAllNodes(api)).map((n) => ({
      name: n.metadata?.name ?? '',
      ready: readyStatus(n),
      roles: Object.keys(n.metadata?.labels ?? {})
        .filter((k) => k.startsWith('node-role.kubernetes.io/'))
        .map((k) => k.slice('node-role.kubernetes.io/'.length)),
      providerID: n.spec?.providerID,
      osImage: n.status?.nodeInfo?.osImage,
      version: n.status?.nodeInfo?.kubeletVersion,
    }));
  } catch {
    return result;
  }
  result.healthy =
    result.apiReady &&
    machines.length === expectedNodes &&
    machines.every((m) => m.state === 'running') &&
    result.nodes.length === expectedNodes &&
    result.nodes.every((n) => n.ready === 'True');
  return result;
}

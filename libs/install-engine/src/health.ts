import { existsSync, readFileSync } from 'node:fs';
import { machinesOf, type Cluster } from '@strata/cluster-config';
import { topologyOf } from '@strata/bootstrap';
import type { MachineInfo } from '@strata/driver-api';
import type { AddonState } from '@strata/install-contract';
import type { ClusterConnection } from '@strata/k8s';
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
  /** The add-ons the installer recorded in the cluster, with desired and ready pods. */
  addons: AddonState[];
  /** Why the cluster is not healthy, one line each (missing machines, nodes, add-ons). */
  reasons: string[];
  healthy: boolean;
}

/** A connection with the cluster's admin credentials, or undefined before the assets exist. */
export async function adminConnection(dir: string): Promise<ClusterConnection | undefined> {
  const path = clusterFiles(dir).adminKubeconfig;
  if (!existsSync(path)) return undefined;
  const { connectionFromKubeconfig } = await loadK8s();
  return connectionFromKubeconfig(readFileSync(path, 'utf8'), { allowLocalCredentials: true });
}

/** What the API says about the cluster: readiness, every node's Ready condition and the add-ons. */
export async function clusterHealth(cluster: Cluster, dir: string, machines: MachineInfo[]): Promise<ClusterHealth> {
  const apiUrl = topologyOf(cluster).apiEndpoint.url;
  const expectedNodes = machinesOf(cluster).length;
  const result: ClusterHealth = { apiUrl, apiReady: false, failingChecks: [], nodes: [], expectedNodes, addons: [], reasons: [], healthy: false };
  const conn = machines.length === 0 ? undefined : await adminConnection(dir);
  if (!conn) {
    result.reasons.push(machines.length === 0 ? 'no machine exists' : 'the admin kubeconfig has not been rendered');
    return result;
  }
  const { addonHealth, listAllNodes, parseHealthChecks, readyStatus, requestText } = await loadK8s();
  try {
    const readyz = await requestText(conn, { method: 'GET', path: '/readyz', query: { verbose: true }, accept: 'text/plain', timeoutMs: 5_000 });
    result.apiReady = readyz.status === 200;
    result.failingChecks = parseHealthChecks(readyz.text)
      .filter((c) => !c.healthy)
      .map((c) => c.name);
  } catch (error) {
    result.reasons.push(`the API does not answer: ${(error as Error).message}`);
    return result;
  }
  if (!result.apiReady) {
    result.reasons.push(`the API is not ready${result.failingChecks.length ? ` (failing: ${result.failingChecks.join(', ')})` : ''}`);
    return result;
  }
  try {
    result.nodes = (await listAllNodes(conn.core)).map((n) => ({
      name: n.metadata?.name ?? '',
      ready: readyStatus(n),
      roles: Object.keys(n.metadata?.labels ?? {})
        .filter((k) => k.startsWith('node-role.kubernetes.io/'))
        .map((k) => k.slice('node-role.kubernetes.io/'.length)),
      providerID: n.spec?.providerID,
      osImage: n.status?.nodeInfo?.osImage,
      version: n.status?.nodeInfo?.kubeletVersion,
    }));
    const addons = await addonHealth(conn);
    result.addons = addons.addons;
    result.reasons.push(...addons.reasons);
    if (!addons.recorded) result.reasons.push('the cluster add-ons have not been installed');
  } catch (error) {
    result.reasons.push(`reading the cluster failed: ${(error as Error).message}`);
    return result;
  }
  const running = machines.filter((m) => m.state === 'running').length;
  if (machines.length !== expectedNodes || running !== expectedNodes) result.reasons.push(`${running}/${expectedNodes} machines running`);
  const ready = result.nodes.filter((n) => n.ready === 'True').length;
  if (result.nodes.length !== expectedNodes || ready !== expectedNodes) result.reasons.push(`${ready}/${expectedNodes} nodes Ready`);
  result.healthy = result.reasons.length === 0;
  return result;
}

import type { CoreV1Event, V1Node, V1Pod } from '@kubernetes/client-node';
import type { ClusterConnection } from '../connection';
import { networkError, toStrataError } from '../api-errors';
import { requestText } from '../http-request';
import { listPages } from '../list';
import { readyStatus } from '../nodes';
import { RESOURCES } from '../resources';
import { mergeHealthChecks, parseHealthChecks, type HealthCheck } from './health-checks';
import { RecentWarnings, type WarningSummary } from './warnings';
import { addonHealth, type AddonHealth } from './addons';

export interface ClusterOverview {
  /** The API server's gitVersion, e.g. `v1.37.2`. */
  version: string;
  nodes: { total: number; ready: number };
  pods: { total: number; running: number; pending: number; failed: number };
  /** The API server's own checks (etcd, informers, post-start hooks), from /readyz and /livez. */
  controlPlane: HealthCheck[];
  /** The most recent Warning events, newest first. */
  recentWarnings: WarningSummary[];
  /** The cluster add-ons the installer recorded (DNS, service proxy, pod network) and their readiness. */
  addons: AddonHealth;
}

export interface OverviewOptions {
  /** How many warnings to keep; 20 by default. */
  warningLimit?: number;
  /** Page size of the reads; 500 by default. */
  pageSize?: number;
}

async function healthOf(conn: ClusterConnection, endpoint: 'readyz' | 'livez'): Promise<HealthCheck[]> {
  try {
    const { status, text } = await requestText(conn, { method: 'GET', path: `/${endpoint}`, query: { verbose: true }, accept: 'text/plain' });
    const checks = parseHealthChecks(text);
    // 200 and 500 carry the check list; anything else (403 for a restricted user) does not.
    if (checks.length > 0) return checks;
    return [{ name: endpoint, healthy: status === 200, message: status === 200 ? 'ok' : `HTTP ${status}: ${text.trim().slice(0, 200)}` }];
  } catch (error) {
    return [{ name: endpoint, healthy: false, message: networkError(error, endpoint).message }];
  }
}

/** What the clusters list and the license count need of a cluster: no pods, no events. */
export type ClusterSummary = Pick<ClusterOverview, 'version' | 'nodes' | 'controlPlane'>;

function readVersion(conn: ClusterConnection): () => Promise<string> {
  return async () => {
    try {
      return (await conn.version.getCode()).gitVersion;
    } catch (error) {
      throw toStrataError(error, 'reading the cluster version');
    }
  };
}

function countNodes(conn: ClusterConnection, limit: number): () => Promise<ClusterOverview['nodes']> {
  return async () => {
    const counts = { total: 0, ready: 0 };
    for await (const page of listPages<V1Node>(conn, RESOURCES.nodes, { limit })) {
      counts.total += page.items.length;
      counts.ready += page.items.filter((n) => readyStatus(n) === 'True').length;
    }
    return counts;
  };
}

function readControlPlane(conn: ClusterConnection): () => Promise<HealthCheck[]> {
  return async () => mergeHealthChecks({ readyz: await healthOf(conn, 'readyz'), livez: await healthOf(conn, 'livez') });
}

/**
 * Version, node counts and control-plane health: what the clusters list and the license
 * banner refresh every few seconds. Unlike {@link clusterOverview} it reads no pods and
 * no events, so its cost grows with the nodes only.
 */
export async function clusterSummary(conn: ClusterConnection, options: Pick<OverviewOptions, 'pageSize'> = {}): Promise<ClusterSummary> {
  const [version, nodes, controlPlane] = await Promise.all([readVersion(conn)(), countNodes(conn, options.pageSize ?? 500)(), readControlPlane(conn)()]);
  return { version, nodes, controlPlane };
}

/**
 * A cluster's vital signs for the overview page. Nodes, pods and events are read in
 * pages and counted as they stream by, so a cluster of 1,000 nodes and 10,000 pods
 * costs a few dozen requests and one page of memory.
 */
export async function clusterOverview(conn: ClusterConnection, options: OverviewOptions = {}): Promise<ClusterOverview> {
  const limit = options.pageSize ?? 500;

  const version = readVersion(conn);
  const nodes = countNodes(conn, limit);
  const pods = async () => {
    const counts = { total: 0, running: 0, pending: 0, failed: 0 };
    for await (const page of listPages<V1Pod>(conn, RESOURCES.pods, { limit })) {
      counts.total += page.items.length;
      for (const pod of page.items) {
        if (pod.status?.phase === 'Running') counts.running += 1;
        else if (pod.status?.phase === 'Pending') counts.pending += 1;
        else if (pod.status?.phase === 'Failed') counts.failed += 1;
      }
    }
    return counts;
  };
  const warnings = async () => {
    const recent = new RecentWarnings(options.warningLimit ?? 20);
    for await (const page of listPages<CoreV1Event>(conn, RESOURCES.events, { limit, fieldSelector: 'type=Warning' })) recent.add(page.items);
    return recent.items;
  };
  const controlPlane = readControlPlane(conn);
  // A user who may not read kube-system still gets the rest of the overview.
  const addons = () =>
    addonHealth(conn).catch((error: unknown): AddonHealth => {
      const message = error instanceof Error ? error.message : String(error);
      return { recorded: false, addons: [], healthy: false, reasons: [`the add-ons cannot be read: ${message}`] };
    });

  const [v, n, p, w, c, a] = await Promise.all([version(), nodes(), pods(), warnings(), controlPlane(), addons()]);
  return { version: v, nodes: n, pods: p, controlPlane: c, recentWarnings: w, addons: a };
}

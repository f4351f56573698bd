import { setTimeout as sleep } from 'node:timers/promises';
import { clusterConnection, licenseState, listClusters, recordUsage } from '@strata/console-server';
import { StrataError } from '@strata/errors';
import { clusterSummary, UNREACHABLE_MESSAGE } from '@strata/k8s';
import type { LicenseView } from '@strata/ui';
import type { ClusterSummary } from '../lib/fleet';
import { consoleRuntime, type ConsoleStore } from './runtime';
import { consoleLog } from './log';

/**
 * Summaries younger than this are served as they are; older ones are still served (every
 * page's banner reads them) while a refresh runs behind, so no page waits on a slow cluster.
 */
const FRESH_MS = 8_000;
/** A cluster that does not answer within this is shown as unreachable. */
const CLUSTER_TIMEOUT_MS = 8_000;
/** Usage is recorded at most this often unless the counts change. */
const USAGE_EVERY_MS = 5 * 60_000;

interface FleetCache {
  at: number;
  summaries: ClusterSummary[];
  pending?: Promise<ClusterSummary[]>;
  lastUsage?: { at: number; nodes: number; allowed: number };
}

const KEY = Symbol.for('strata.console.fleet');
type Holder = { [KEY]?: FleetCache };

function cache(): FleetCache {
  const holder = globalThis as Holder;
  holder[KEY] ??= { at: 0, summaries: [] };
  return holder[KEY];
}

async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  const done = new AbortController();
  const deadline = sleep(ms, undefined, { signal: done.signal }).then(() => {
    throw new Error(`${what} did not answer within ${ms / 1000} s`);
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    // Ends the timer; the race already holds its answer, so the aborted wait is ignored.
    done.abort();
  }
}

type Registered = Awaited<ReturnType<typeof listClusters>>[number];

async function summarize(store: ConsoleStore, cluster: Registered): Promise<ClusterSummary> {
  const base = {
    id: cluster.id,
    name: cluster.name,
    apiUrl: cluster.server,
    source: cluster.source === 'installer' ? 'installed' : 'imported',
    checkedAt: new Date().toISOString(),
  };
  const previous = cache().summaries.find((s) => s.id === cluster.id);
  try {
    const conn = await clusterConnection(store, cluster.id);
    const overview = await withTimeout(clusterSummary(conn), CLUSTER_TIMEOUT_MS, `cluster ${cluster.name}`);
    const controlPlaneHealthy = overview.controlPlane.every((c) => c.healthy);
    const healthy = controlPlaneHealthy && overview.nodes.ready === overview.nodes.total;
    return {
      ...base,
      reachable: true,
      version: overview.version,
      nodes: { ready: overview.nodes.ready, total: overview.nodes.total },
      health: healthy ? 'Healthy' : 'Degraded',
    };
  } catch (error) {
    // The detail (and any cause) goes to the server log only; the browser gets the mapped message.
    consoleLog().warn({ err: error, cluster: cluster.name, clusterId: cluster.id }, 'cluster unreachable');
    return {
      ...base,
      reachable: false,
      error: error instanceof StrataError && error.kind !== 'internal' ? error.message : UNREACHABLE_MESSAGE,
      // An unreachable cluster still counts its last known nodes against the license.
      nodes: previous?.nodes ?? { ready: 0, total: 0 },
      health: 'Unreachable',
    };
  }
}

function refresh(store: ConsoleStore): Promise<ClusterSummary[]> {
  const c = cache();
  if (c.pending) return c.pending;
  c.pending = (async () => {
    try {
      const clusters = await listClusters(store);
      const summaries = await Promise.all(clusters.map((cluster) => summarize(store, cluster)));
      c.summaries = summaries;
      c.at = Date.now();
      return summaries;
    } finally {
      delete c.pending;
    }
  })();
  return c.pending;
}

/**
 * Summaries of every registered cluster (version, nodes ready/total, health), read in
 * parallel and cached; concurrent callers share one refresh. Stale summaries are answered
 * at once while a refresh runs; `fresh` waits for it (after a change made through the
 * console, or when nothing was read yet).
 */
export async function clusterSummaries(options: { fresh?: boolean } = {}): Promise<ClusterSummary[]> {
  const c = cache();
  const { store } = await consoleRuntime();
  if (options.fresh || c.at === 0) return refresh(store);
  if (Date.now() - c.at >= FRESH_MS) {
    refresh(store).catch((error: unknown) => consoleLog().error({ err: error }, 'refreshing cluster summaries failed'));
  }
  return c.summaries;
}

/** Nodes counted across every registered cluster (control planes included). */
export function nodesAcross(summaries: readonly ClusterSummary[]): number {
  return summaries.reduce((sum, s) => sum + s.nodes.total, 0);
}

function toView(state: Awaited<ReturnType<typeof licenseState>>): LicenseView {
  return {
    status: state.status,
    allowedNodes: state.allowedNodes,
    nodes: state.nodes,
    message: state.message,
    ...(state.graceDeadline ? { graceDeadline: new Date(state.graceDeadline).toISOString() } : {}),
    ...(state.licenseId ? { licenseId: state.licenseId } : {}),
    ...(state.expiresAt ? { expiresAt: new Date(state.expiresAt).toISOString() } : {}),
  };
}

/**
 * The platform's license state now: the stored license (or the free tier) against the
 * nodes across all clusters. Records a usage sample when the numbers changed or every
 * few minutes, for the license page's chart.
 */
export async function platformLicense(options: { fresh?: boolean } = {}): Promise<LicenseView> {
  const { store } = await consoleRuntime();
  const summaries = await clusterSummaries(options);
  const nodes = nodesAcross(summaries);
  const view = toView(await licenseState(store, { nodesAcrossClusters: nodes }));
  const c = cache();
  const last = c.lastUsage;
  if (!last || last.nodes !== nodes || last.allowed !== view.allowedNodes || Date.now() - last.at > USAGE_EVERY_MS) {
    c.lastUsage = { at: Date.now(), nodes, allowed: view.allowedNodes };
    try {
      await recordUsage(store, nodes);
    } catch (error) {
      consoleLog().error({ err: error }, 'recording usage failed');
    }
  }
  return view;
}

const LOOP_KEY = Symbol.for('strata.console.fleet-loop');
type LoopHolder = { [LOOP_KEY]?: ReturnType<typeof setInterval> };

/**
 * Re-reads every cluster and the license state once a minute while the server runs, so the
 * usage history has samples even when nobody looks at a page. Idempotent.
 */
export function startFleetRefresh(intervalMs = 60_000): void {
  const holder = globalThis as LoopHolder;
  if (holder[LOOP_KEY]) return;
  const tick = () =>
    void platformLicense({ fresh: true }).catch((error: unknown) => consoleLog().error({ err: error }, 'refreshing clusters and license failed'));
  holder[LOOP_KEY] = setInterval(tick, intervalMs);
  holder[LOOP_KEY].unref();
  tick();
}

import { setTimeout as delay } from 'node:timers/promises';
import type { V1Pod } from '@kubernetes/client-node';
import { NotFoundError } from '@strata/errors';
import type { ClusterConnection } from '../connection';
import { apiStatusOf, toStrataError, type KubernetesStatus } from '../api-errors';
import { listAll } from '../list';
import { getObject } from '../objects';
import { RESOURCES } from '../resources';
import { cordon } from './cordon';

export interface DrainOptions {
  /** Give up after this long; whatever is still blocked is reported. */
  timeoutMs: number;
  /** Leave DaemonSet pods alone (the DaemonSet would re-create them on the node anyway); true by default. */
  ignoreDaemonSets?: boolean;
  /** Evict pods with emptyDir volumes, losing that data; true by default. */
  deleteEmptyDirData?: boolean;
  /** Also evict pods no controller manages; they will not come back. False by default. */
  force?: boolean;
  /** Pause between eviction attempts refused by a PodDisruptionBudget; 5 s by default, as kubectl. */
  retryIntervalMs?: number;
  /** Overrides the pods' termination grace period. */
  gracePeriodSeconds?: number;
  signal?: AbortSignal;
}

export interface DrainResult {
  /** `namespace/name` of every pod whose eviction the API server accepted. */
  evicted: string[];
  /** Pods that could not be evicted, with the reason (a PodDisruptionBudget's message, ...). */
  blocked: { pod: string; reason: string }[];
  /** True when every pod to evict was evicted and has left the node. */
  done: boolean;
}

const MIRROR_ANNOTATION = 'kubernetes.io/config.mirror';
const PARALLEL_EVICTIONS = 5;

const keyOf = (pod: V1Pod) => `${pod.metadata?.namespace}/${pod.metadata?.name}`;
const controllerOf = (pod: V1Pod) => pod.metadata?.ownerReferences?.find((ref) => ref.controller);

/** What drain does with a pod: `skip` it, evict it (undefined), or refuse with the returned reason. */
export function podVerdict(pod: V1Pod, options: DrainOptions): string | 'skip' | undefined {
  if (pod.metadata?.annotations?.[MIRROR_ANNOTATION] !== undefined) return 'skip'; // static pods: the kubelet owns them
  const controller = controllerOf(pod);
  if (controller?.kind === 'DaemonSet') {
    return options.ignoreDaemonSets === false ? `managed by DaemonSet ${controller.name}; drain with ignoreDaemonSets` : 'skip';
  }
  if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') return undefined; // finished: nothing is lost
  if (!controller && !options.force) return 'not managed by a controller, so it would not come back; drain with force';
  if (options.deleteEmptyDirData === false && pod.spec?.volumes?.some((v) => v.emptyDir)) {
    return 'has emptyDir data that eviction deletes; drain with deleteEmptyDirData';
  }
  return undefined;
}

function refusal(status: KubernetesStatus, code: number): string {
  const causes = (status.details?.causes ?? []).map((c) => c.message).filter(Boolean);
  return [status.message ?? `HTTP ${code}`, ...causes].join(' ');
}

async function mapLimit<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  await Promise.all(
    Array.from({ length: Math.min(limit, queue.length) }, async () => {
      for (let item = queue.shift(); item !== undefined; item = queue.shift()) await fn(item);
    }),
  );
}

/**
 * Drains a node the way `kubectl drain` does: cordon it, then evict its pods through the
 * Eviction API (policy/v1) so PodDisruptionBudgets are honoured. Mirror pods and (by
 * default) DaemonSet pods are skipped. Evictions refused with 429 (a budget would be
 * violated) are retried until `timeoutMs`; the budget's message is reported in `blocked`.
 * Finally waits for the evicted pods to leave the node. Throws only when the node cannot
 * be cordoned or its pods cannot be listed.
 */
export async function drain(conn: ClusterConnection, node: string, options: DrainOptions): Promise<DrainResult> {
  const deadline = Date.now() + options.timeoutMs;
  const retryMs = options.retryIntervalMs ?? 5_000;
  const left = () => deadline - Date.now();
  const stopped = () => options.signal?.aborted === true || left() <= 0;

  await cordon(conn, node);
  const { items } = await listAll<V1Pod>(conn, RESOURCES.pods, { fieldSelector: `spec.nodeName=${node}` });

  const refused = new Map<string, string>(); // final: will not be retried
  const pending = new Map<string, V1Pod>();
  for (const pod of items) {
    const why = podVerdict(pod, options);
    if (why === 'skip') continue;
    if (why) refused.set(keyOf(pod), why);
    else pending.set(keyOf(pod), pod);
  }

  const evicted: V1Pod[] = [];
  const lastRefusal = new Map<string, string>(); // retried: the latest reason
  const evict = async (pod: V1Pod) => {
    const key = keyOf(pod);
    const name = pod.metadata?.name ?? '';
    const namespace = pod.metadata?.namespace ?? '';
    try {
      await conn.core.createNamespacedPodEviction({
        name,
        namespace,
        body: {
          apiVersion: 'policy/v1',
          kind: 'Eviction',
          metadata: { name, namespace },
          ...(options.gracePeriodSeconds !== undefined ? { deleteOptions: { gracePeriodSeconds: options.gracePeriodSeconds } } : {}),
        },
      });
      pending.delete(key);
      lastRefusal.delete(key);
      evicted.push(pod);
    } catch (error) {
      const api = apiStatusOf(error);
      if (api?.code === 404) {
        pending.delete(key); // already gone
      } else if (api && (api.code === 429 || api.code >= 500)) {
        lastRefusal.set(key, refusal(api.status, api.code)); // a budget (429) or a passing failure: retry
      } else {
        pending.delete(key);
        refused.set(key, toStrataError(error, `evicting pod ${key}`).message);
      }
    }
  };

  while (pending.size > 0 && !stopped()) {
    await mapLimit([...pending.values()], PARALLEL_EVICTIONS, evict);
    if (pending.size > 0 && !stopped()) await sleepFor(Math.min(retryMs, left()), options.signal);
  }

  const gone = await waitUntilGone(conn, evicted, left, options.signal);
  const blocked = [
    ...[...refused].map(([pod, reason]) => ({ pod, reason })),
    ...[...pending.keys()].map((pod) => ({ pod, reason: lastRefusal.get(pod) ?? 'not evicted before the timeout' })),
    ...evicted.filter((pod) => !gone.has(keyOf(pod))).map((pod) => ({ pod: keyOf(pod), reason: 'evicted but still terminating at the timeout' })),
  ];
  return { evicted: evicted.map(keyOf), blocked, done: blocked.length === 0 };
}

async function sleepFor(ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (ms <= 0) return;
  try {
    await delay(ms, undefined, signal ? { signal } : {});
  } catch {
    // aborted
  }
}

/** Polls until each evicted pod is deleted (404, or its name reused by a new pod), or time runs out. */
async function waitUntilGone(conn: ClusterConnection, pods: V1Pod[], left: () => number, signal: AbortSignal | undefined): Promise<Set<string>> {
  const gone = new Set<string>();
  for (;;) {
    for (const pod of pods) {
      if (gone.has(keyOf(pod))) continue;
      try {
        const current = await getObject<V1Pod>(conn, RESOURCES.pods, pod.metadata?.namespace, pod.metadata?.name ?? '');
        if (current.metadata?.uid !== pod.metadata?.uid) gone.add(keyOf(pod));
      } catch (error) {
        if (error instanceof NotFoundError) gone.add(keyOf(pod));
      }
    }
    if (gone.size === pods.length || left() <= 0 || signal?.aborted) return gone;
    await sleepFor(Math.min(1_000, left()), signal);
  }
}

import { setTimeout as sleep } from 'node:timers/promises';
import type { KubernetesObject } from '@kubernetes/client-node';
import { backoffDelay, jittered, type BackoffOptions } from '@strata/backoff';
import { ProviderError } from '@strata/errors';
import type { ClusterConnection } from '../connection';
import { listAll } from '../list';
import type { ResourceDescription } from '../resources';
import { streamWatch, type StreamEnd } from './watch-stream';

/**
 * What a consumer of `watchResource` receives. `RESYNC` carries the complete current
 * collection: after the first list and after every relist (410 Gone), replace your state
 * with `items`. The other types are changes to apply to that state.
 */
export type WatchEvent<T extends KubernetesObject = KubernetesObject> =
  { type: 'ADDED' | 'MODIFIED' | 'DELETED'; object: T } | { type: 'RESYNC'; items: T[]; resourceVersion: string };

/** `listing`: reading the collection; `watching`: a watch request is open; `backoff`: waiting after an error; `stopped`: done. */
export type WatchStatus = 'listing' | 'watching' | 'backoff' | 'stopped';

export interface WatchResourceOptions<T extends KubernetesObject = KubernetesObject> {
  /** Omit for all namespaces (or for cluster-scoped kinds). */
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  /** Must not throw; if it does, the watch stops and reports the error with `stopped`. */
  onEvent: (event: WatchEvent<T>) => void;
  /** Every change of state, with the error that caused `backoff` (or a `stopped` caused by `onEvent`). */
  onStatus?: (status: WatchStatus, error?: Error) => void;
  /**
   * The resume point moved (event, bookmark or list). A server that streams to browsers
   * sends it as the SSE event id, so a reconnecting browser resumes with `resourceVersion`.
   */
  onResourceVersion?: (resourceVersion: string) => void;
  /** Page size of the (re)lists; 500 by default. */
  pageSize?: number;
  /** Restart the watch when nothing (no event, no bookmark) arrives for this long; 60 s by default. */
  watchdogMs?: number;
  /** Start by watching from this version instead of listing (e.g. an SSE Last-Event-ID). */
  resourceVersion?: string;
  /** Retry delays after a failure (see `@strata/backoff`); from at most 500 ms up to at most 30 s by default. */
  backoff?: Partial<BackoffOptions>;
  /** Abort to stop; the returned promise then resolves. */
  signal: AbortSignal;
}

/** Thrown by `onEvent`: not the cluster's fault, so no retry. */
class ConsumerError extends Error {
  constructor(readonly original: unknown) {
    super(original instanceof Error ? original.message : String(original));
  }
}

/**
 * The server-side watch timeout: a little below the watchdog, so a healthy server always
 * ends the request (after its closing bookmark) before the watchdog would, and with some
 * spread so that many watches do not reconnect at the same second: 80 to 90 % of it.
 */
export function serverTimeoutSeconds(watchdogMs: number): number {
  return Math.max(1, Math.floor(jittered(watchdogMs * 0.85, 0.05 / 0.85) / 1000));
}

const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 500, maxMs: 30_000 };

/** A watch that ends within a second without sending anything is treated as a failure, so a misbehaving server cannot make the loop spin. */
const MIN_QUIET_WATCH_MS = 1_000;

/**
 * An informer for one kind: list (paged), then watch from the list's resourceVersion with
 * bookmarks; resume from the last seen resourceVersion when a connection drops or the
 * server ends the watch; list again (and emit `RESYNC`) on 410 Gone; restart a watch
 * that stays silent for `watchdogMs`; wait the workspace's backoff (capped exponential,
 * full jitter) after every failure. Runs until `signal` aborts and resolves then; never rejects.
 */
export async function watchResource<T extends KubernetesObject = KubernetesObject>(
  conn: ClusterConnection,
  resource: ResourceDescription,
  options: WatchResourceOptions<T>,
): Promise<void> {
  const { signal } = options;
  const watchdogMs = options.watchdogMs ?? 60_000;
  const selectors = {
    ...(options.namespace ? { namespace: options.namespace } : {}),
    ...(options.labelSelector ? { labelSelector: options.labelSelector } : {}),
    ...(options.fieldSelector ? { fieldSelector: options.fieldSelector } : {}),
  };
  let resourceVersion = options.resourceVersion || undefined;
  let attempt = 0;
  let stopError: Error | undefined;
  const backoff = { ...DEFAULT_BACKOFF, ...options.backoff };

  const report = (status: WatchStatus, error?: Error) => options.onStatus?.(status, error);
  const advance = (version: string | undefined) => {
    if (!version || version === resourceVersion) return;
    resourceVersion = version;
    options.onResourceVersion?.(version);
  };
  const emit = (event: WatchEvent<T>) => {
    try {
      options.onEvent(event);
    } catch (error) {
      throw new ConsumerError(error);
    }
  };

  while (!signal.aborted) {
    try {
      let listedNow = false;
      if (!resourceVersion) {
        report('listing');
        const list = await listAll<T>(conn, resource, { ...selectors, limit: options.pageSize ?? 500, signal });
        if (signal.aborted) break;
        emit({ type: 'RESYNC', items: list.items, resourceVersion: list.resourceVersion });
        advance(list.resourceVersion);
        listedNow = true;
        attempt = 0;
      }
      report('watching');
      const started = Date.now();
      const end: StreamEnd = await streamWatch<T>(
        conn,
        resource,
        { ...selectors, resourceVersion: resourceVersion ?? '', timeoutSeconds: serverTimeoutSeconds(watchdogMs), watchdogMs, signal },
        (line) => {
          attempt = 0;
          if (line.kind === 'event') {
            emit({ type: line.type, object: line.object });
            advance(line.resourceVersion);
          } else if (line.kind === 'bookmark') {
            advance(line.resourceVersion);
          }
        },
      );
      if (signal.aborted) break;
      if (end.outcome === 'gone') {
        resourceVersion = undefined;
        // A version that is gone right after a fresh list means something is wrong; do not spin.
        if (listedNow) throw new ProviderError('the API server expired a resourceVersion it had just listed', { retryable: true });
        continue;
      }
      if (end.lines === 0 && Date.now() - started < MIN_QUIET_WATCH_MS) {
        throw new ProviderError('the API server ended the watch at once', { retryable: true });
      }
    } catch (error) {
      if (signal.aborted) break;
      if (error instanceof ConsumerError) {
        stopError = error.original instanceof Error ? error.original : error;
        break;
      }
      report('backoff', error instanceof Error ? error : new Error(String(error)));
      // Rejects only when `signal` aborts, which ends the loop.
      await sleep(backoffDelay(attempt, backoff), undefined, { signal }).catch(() => undefined);
      attempt += 1;
    }
  }
  report('stopped', stopError);
}

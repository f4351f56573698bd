'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { errorFromResponse, useEventStream, type StreamStatus } from '@strata/ui';
import { LiveRows } from '../../lib/live-rows';
import type { RowPage, RowsByResource, ListedResource, WatchMessage } from '../../lib/rows';

/** Page size of the first fetches; the rest arrives page by page behind the first paint. */
const PAGE_SIZE = 500;
/** Stream messages are applied in batches, so a burst of 1,000 pod events renders once. */
const FLUSH_MS = 150;

/** What `useLiveRows` returns: `[rows, loaded, error, stream status]`. */
export type LiveRowsResult<R> = [rows: R[], loaded: boolean, error: Error | undefined, stream: StreamStatus];

function query(params: Record<string, string | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
}

/**
 * The live rows of one collection of a cluster: fetched in pages (`limit`/`continue`)
 * through the list API, then kept current by the watch stream (Server-Sent Events) and
 * merged in the browser. Never throws during render.
 */
export function useLiveRows<K extends ListedResource>(clusterId: string, resource: K, namespace?: string): LiveRowsResult<RowsByResource[K]> {
  type R = RowsByResource[K];
  const key = `${clusterId}/${resource}/${namespace ?? ''}`;
  const live = useRef<{ key: string; rows: LiveRows<R> }>({ key, rows: new LiveRows<R>() });
  if (live.current.key !== key) live.current = { key, rows: new LiveRows<R>() };
  const [rows, setRows] = useState<R[]>([]);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<Error | undefined>();
  const flushTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const flush = useCallback(() => {
    flushTimer.current = undefined;
    setRows(live.current.rows.values());
  }, []);
  const scheduleFlush = useCallback(() => {
    flushTimer.current ??= setTimeout(flush, FLUSH_MS);
  }, [flush]);

  useEffect(() => {
    const controller = new AbortController();
    setLoaded(false);
    setError(undefined);
    setRows([]);
    const current = live.current;
    void (async () => {
      let token: string | undefined;
      try {
        do {
          const res = await fetch(
            `/api/clusters/${encodeURIComponent(clusterId)}/resources/${resource}${query({ namespace, limit: String(PAGE_SIZE), continue: token })}`,
            {
              signal: controller.signal,
              cache: 'no-store',
            },
          );
          if (!res.ok) throw await errorFromResponse(res);
          const page = (await res.json()) as RowPage<R>;
          if (current !== live.current) return;
          current.rows.addPage(page.items);
          setRows(current.rows.values());
          setLoaded(true);
          token = page.continue;
        } while (token && !current.rows.resynced && !controller.signal.aborted);
        if (current === live.current) current.rows.pagesDone();
      } catch (err) {
        if (controller.signal.aborted) return;
        setError(err instanceof Error ? err : new Error(String(err)));
        setLoaded(true);
      }
    })();
    return () => {
      controller.abort();
      if (flushTimer.current) clearTimeout(flushTimer.current);
      flushTimer.current = undefined;
    };
  }, [clusterId, resource, namespace]);

  const onMessage = useCallback(
    (message: WatchMessage<R>) => {
      if (message.type === 'STATUS') {
        if (message.state === 'failed') setError(new Error(message.message ?? 'the watch failed'));
        return;
      }
      if (live.current.rows.apply(message)) {
        if (message.type === 'RESYNC') {
          setLoaded(true);
          setError(undefined);
        }
        scheduleFlush();
      }
    },
    [scheduleFlush],
  );
  const stream = useEventStream<WatchMessage<R>>(`/api/clusters/${encodeURIComponent(clusterId)}/watch${query({ resource, namespace })}`, onMessage);

  return [rows, loaded, error, stream];
}

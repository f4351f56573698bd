'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { applyInstallEvent, FINAL_INSTALL_STATES, InstallEventSchema, type InstallEvent, type InstallSnapshot } from '@strata/install-contract';

/** A snapshot as the console answers it: with the console's id of the installed cluster once it is registered. */
export type InstallView = InstallSnapshot & { consoleClusterId?: string };

/** One log line of the stream. */
export interface LogLine {
  seq: number;
  at: string;
  level: 'info' | 'warn' | 'error';
  message: string;
}

/** The event types of the service's stream (docs/installer-service.md). */
const EVENT_TYPES = ['state', 'phase', 'step', 'machine', 'log'] as const;

/** Most log lines a page keeps; the whole log is a download. */
const MAX_LOG_LINES = 2_000;

/** What the page received, for whoever checks that the stream lost and repeated nothing. */
declare global {
  interface Window {
    __installEvents?: { snapshotSeq: number; seqs: number[] };
  }
}

/** How long the page waits before it asks again after losing the stream, doubling up to the cap. */
const RETRY_FIRST_MS = 1_000;
const RETRY_MAX_MS = 5_000;

/**
 * The live state of an install: the snapshot first, then the event stream from its `lastSeq`
 * (an EventSource through the console, which passes `Last-Event-ID` on when the browser
 * reconnects), each event folded in with `applyInstallEvent`. Events at or below the
 * snapshot's position change nothing, so none counts twice.
 *
 * When the stream fails for good before a final state (the installer service stopped, so the
 * browser's own reconnect is refused), the page re-reads the snapshot until the service answers
 * again and then follows the stream on from the last event it applied: what the service wrote
 * meanwhile (an `interrupted` state after its restart) arrives in order, nothing twice. Until
 * then `error` says why. Returns `[install, logs, loaded, error, follow]`, where `follow()`
 * opens the stream again from where the page is unless it is open (after Resume or Destroy).
 */
export function useInstallProgress(id: string): [InstallView | undefined, LogLine[], boolean, Error | undefined, () => void] {
  const [install, setInstall] = useState<InstallView | undefined>();
  const [logs, setLogs] = useState<LogLine[]>([]);
  const [error, setError] = useState<Error | undefined>();
  const latest = useRef<InstallView | undefined>(undefined);
  const followRef = useRef<() => void>(() => undefined);

  useEffect(() => {
    let stopped = false;
    let source: EventSource | undefined;
    let poll: ReturnType<typeof setTimeout> | undefined;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const url = `/api/installer/installs/${encodeURIComponent(id)}`;

    const fetchSnapshot = async (): Promise<InstallView> => {
      const res = await fetch(url, { cache: 'no-store', headers: { accept: 'application/json' } });
      if (!res.ok) {
        const body = (await res.json().catch(() => ({}))) as { message?: string };
        throw new Error(body.message ?? `${res.status} ${res.statusText}`);
      }
      return (await res.json()) as InstallView;
    };

    // After success the console registers the cluster within its sync interval: ask until it has.
    const awaitConsoleCluster = () => {
      poll = setTimeout(() => {
        void fetchSnapshot()
          .then((fresh) => {
            if (stopped) return;
            const merged = {
              ...(latest.current ?? fresh),
              result: fresh.result,
              ...(fresh.consoleClusterId ? { consoleClusterId: fresh.consoleClusterId } : {}),
            };
            latest.current = merged;
            setInstall(merged);
            if (!fresh.consoleClusterId) awaitConsoleCluster();
          })
          .catch(() => !stopped && awaitConsoleCluster());
      }, 2_000);
    };

    const apply = (event: InstallEvent) => {
      const before = latest.current;
      if (!before) return;
      window.__installEvents?.seqs.push(event.seq);
      const next: InstallView = { ...applyInstallEvent(before, event), ...(before.consoleClusterId ? { consoleClusterId: before.consoleClusterId } : {}) };
      latest.current = next;
      setInstall(next);
      if (event.type === 'log' && event.seq > before.lastSeq)
        setLogs((lines) => [...lines, { seq: event.seq, at: event.at, level: event.level, message: event.message }].slice(-MAX_LOG_LINES));
      if (event.type === 'state' && event.state === 'succeeded' && next.until === 'ready' && !next.consoleClusterId) awaitConsoleCluster();
    };

    // Asks for the snapshot until the service answers again, then follows the stream on from the page's position.
    const reconnect = (delayMs: number) => {
      clearTimeout(retry);
      retry = setTimeout(() => {
        void fetchSnapshot()
          .then(() => {
            if (stopped) return;
            setError(undefined);
            follow();
          })
          .catch((err: unknown) => {
            if (stopped) return;
            setError(err instanceof Error ? err : new Error(String(err)));
            reconnect(Math.min(delayMs * 2, RETRY_MAX_MS));
          });
      }, delayMs);
    };

    const follow = () => {
      const from = latest.current;
      if (stopped || !from) return;
      if (source && source.readyState !== EventSource.CLOSED) return;
      const es = new EventSource(`${url}/events?after=${from.lastSeq}`);
      source = es;
      for (const type of EVENT_TYPES) {
        es.addEventListener(type, (message: MessageEvent<string>) => {
          try {
            const parsed = InstallEventSchema.safeParse(JSON.parse(message.data));
            if (parsed.success) apply(parsed.data);
          } catch {
            // Not JSON: nothing to apply.
          }
        });
      }
      // The service ends the stream after a final state; reopening it would only repeat that.
      es.addEventListener('end', () => es.close());
      es.onerror = () => {
        const state = latest.current?.state;
        if (state && FINAL_INSTALL_STATES.includes(state)) es.close();
        // Closed by the browser (its reconnect was refused) before a final state: the service is away.
        else if (es.readyState === EventSource.CLOSED) reconnect(RETRY_FIRST_MS);
      };
    };
    followRef.current = follow;

    void (async () => {
      try {
        const snapshot = await fetchSnapshot();
        if (stopped) return;
        latest.current = snapshot;
        setInstall(snapshot);
        setError(undefined);
        window.__installEvents = { snapshotSeq: snapshot.lastSeq, seqs: [] };
        // Only a ready cluster is registered with the console; infrastructure or assets alone are not.
        if (snapshot.state === 'succeeded' && snapshot.until === 'ready' && !snapshot.consoleClusterId) awaitConsoleCluster();
        follow();
      } catch (err) {
        if (!stopped) setError(err instanceof Error ? err : new Error(String(err)));
      }
    })();
    return () => {
      stopped = true;
      source?.close();
      clearTimeout(poll);
      clearTimeout(retry);
      followRef.current = () => undefined;
    };
  }, [id]);

  return [install, logs, install !== undefined, error, useCallback(() => followRef.current(), [])];
}

'use client';

import { useEffect, useRef, useState } from 'react';
import { backoffDelay } from '@strata/backoff';

/** The state of a live stream as a page shows it. */
export type StreamStatus = 'connecting' | 'live' | 'reconnecting' | 'closed';

/** Options of `useEventStream`. */
export interface UseEventStreamOptions {
  /**
   * Reconnect when nothing (not even a heartbeat) arrived for this long; the server sends
   * heartbeats well inside it. Default 45 s.
   */
  silenceMs?: number;
  /**
   * Longest first reconnect delay; doubles up to `maxBackoffMs`, each delay drawn at random
   * below it (`backoffDelay` of `@strata/backoff`). Default 1 s.
   */
  backoffMs?: number;
  maxBackoffMs?: number;
}

/**
 * Subscribes to a Server-Sent Events URL and hands each JSON message to `onMessage`.
 * Reconnects by itself, without a page reload: the browser's own retry covers dropped
 * connections, and this hook also reopens the stream when the browser gave up (the
 * server answered an error) or when the stream went silent past `silenceMs`. Returns
 * the stream's status; it never throws during render.
 */
export function useEventStream<M>(url: string | null, onMessage: (message: M) => void, options: UseEventStreamOptions = {}): StreamStatus {
  const [status, setStatus] = useState<StreamStatus>(url ? 'connecting' : 'closed');
  const handler = useRef(onMessage);
  useEffect(() => {
    handler.current = onMessage;
  });
  const silenceMs = options.silenceMs ?? 45_000;
  const backoffMs = options.backoffMs ?? 1_000;
  const maxBackoffMs = options.maxBackoffMs ?? 30_000;

  useEffect(() => {
    if (url === null) {
      setStatus('closed');
      return;
    }
    let source: EventSource | undefined;
    let attempt = 0;
    let stopped = false;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let silenceTimer: ReturnType<typeof setTimeout> | undefined;

    const armSilence = () => {
      if (silenceTimer) clearTimeout(silenceTimer);
      silenceTimer = setTimeout(() => reopen(), silenceMs);
    };
    const reopen = () => {
      source?.close();
      source = undefined;
      if (stopped) return;
      setStatus('reconnecting');
      const delay = backoffDelay(attempt, { initialMs: backoffMs, maxMs: maxBackoffMs });
      attempt += 1;
      if (retryTimer) clearTimeout(retryTimer);
      retryTimer = setTimeout(open, delay);
    };
    function open() {
      if (stopped) return;
      const es = new EventSource(url as string);
      source = es;
      armSilence();
      es.onopen = () => {
        attempt = 0;
        setStatus('live');
        armSilence();
      };
      // Heartbeats arrive as their own event type so the page sees the stream is alive.
      es.addEventListener('heartbeat', armSilence);
      es.onmessage = (event: MessageEvent<string>) => {
        armSilence();
        try {
          handler.current(JSON.parse(event.data) as M);
        } catch (err) {
          console.error('ignoring a malformed stream message', err);
        }
      };
      es.onerror = () => {
        // CONNECTING: the browser retries by itself. CLOSED: it gave up; we retry.
        if (es.readyState === EventSource.CLOSED) reopen();
        else setStatus('reconnecting');
      };
    }
    open();
    return () => {
      stopped = true;
      source?.close();
      if (retryTimer) clearTimeout(retryTimer);
      if (silenceTimer) clearTimeout(silenceTimer);
    };
  }, [url, silenceMs, backoffMs, maxBackoffMs]);

  return status;
}

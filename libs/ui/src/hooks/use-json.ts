'use client';

import { useCallback, useEffect, useRef, useState } from 'react';

/** What `useJson` returns: `[data, loaded, error, reload]`. */
export type JsonResult<T> = [data: T | undefined, loaded: boolean, error: Error | undefined, reload: () => void];

/** Options of `useJson`. */
export interface UseJsonOptions<T> {
  /** Fetch again every so many milliseconds while mounted. */
  refreshMs?: number;
  /** Data to show before the first answer (for example rendered by the server). */
  initial?: T;
}

/** The message of an error answer: the `error` field of a JSON body, else the status line. */
export async function errorFromResponse(res: Response): Promise<Error> {
  let message = `${res.status} ${res.statusText}`.trim();
  try {
    // The one error body `{code, message, problems}`; `error` is the older spelling.
    const body = (await res.json()) as { error?: unknown; message?: unknown; problems?: { path: string; message: string }[] };
    if (typeof body.message === 'string') {
      const problems = Array.isArray(body.problems) ? body.problems.map((p) => `${p.path}: ${p.message}`) : [];
      message = [body.message, ...problems].join('\n');
    } else if (typeof body.error === 'string') message = body.error;
  } catch {
    // Not JSON: keep the status line.
  }
  const error = new Error(message);
  (error as Error & { status?: number }).status = res.status;
  return error;
}

/**
 * Fetches JSON from a same-origin URL and returns `[data, loaded, error, reload]`. It never
 * throws during render: failures land in `error` and the last good data is kept, so a
 * page can keep showing what it had while saying that a refresh failed. A `null` URL
 * fetches nothing.
 */
export function useJson<T>(url: string | null, options: UseJsonOptions<T> = {}): JsonResult<T> {
  const [data, setData] = useState<T | undefined>(options.initial);
  const [loaded, setLoaded] = useState(options.initial !== undefined);
  const [error, setError] = useState<Error | undefined>();
  const [generation, setGeneration] = useState(0);
  const refreshMs = options.refreshMs;
  const lastUrl = useRef(url);

  useEffect(() => {
    if (lastUrl.current !== url) {
      lastUrl.current = url;
      setLoaded(false);
    }
    if (url === null) return;
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const controller = new AbortController();
    const load = async () => {
      try {
        const res = await fetch(url, { signal: controller.signal, cache: 'no-store', headers: { accept: 'application/json' } });
        if (!res.ok) throw await errorFromResponse(res);
        const body = (await res.json()) as T;
        if (cancelled) return;
        setData(body);
        setError(undefined);
      } catch (err) {
        if (cancelled) return;
        setError(err instanceof Error ? err : new Error(String(err)));
      } finally {
        if (!cancelled) {
          setLoaded(true);
          if (refreshMs) timer = setTimeout(() => void load(), refreshMs);
        }
      }
    };
    void load();
    return () => {
      cancelled = true;
      controller.abort();
      if (timer) clearTimeout(timer);
    };
  }, [url, refreshMs, generation]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return [data, loaded, error, reload];
}

import type { KubernetesObject } from '@kubernetes/client-node';
import { ProviderError } from '@strata/errors';
import type { ClusterConnection } from '../connection';
import { KubernetesApiError, networkError, toStrataError } from '../api-errors';
import { openRequest } from '../http-request';
import { resourcePath, type ResourceDescription } from '../resources';
import { parseWatchLine, type WatchLine } from './watch-line';

export interface StreamOptions {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  resourceVersion: string;
  /** Server-side end of the watch. */
  timeoutSeconds: number;
  /** Give up on the connection when no line arrives for this long. */
  watchdogMs: number;
  signal: AbortSignal;
}

/** How one watch request ended without an error. */
export interface StreamEnd {
  /** `closed`: the server ended it (timeoutSeconds) or the caller aborted; `gone`: 410, list again. */
  outcome: 'closed' | 'gone';
  /** Lines received (events and bookmarks). */
  lines: number;
}

/** The watchdog gave up on a connection that stayed silent. */
export class WatchStalledError extends ProviderError {
  constructor(ms: number) {
    super(`no event or bookmark for ${ms} ms; restarting the watch`, { retryable: true });
    this.name = 'WatchStalledError';
  }
}

/**
 * Runs ONE watch request from `resourceVersion` with bookmarks, handing every line to
 * `onLine`. Resolves when the server closes the stream or answers 410; rejects (with an
 * error of the family) when the connection drops, the server sends an error, the
 * watchdog fires, or `onLine` throws.
 */
export async function streamWatch<T extends KubernetesObject>(
  conn: ClusterConnection,
  resource: ResourceDescription,
  options: StreamOptions,
  onLine: (line: WatchLine<T>) => void,
): Promise<StreamEnd> {
  const local = new AbortController();
  const abort = () => local.abort();
  options.signal.addEventListener('abort', abort, { once: true });
  const context = `watching ${resource.plural}${options.namespace ? ` in ${options.namespace}` : ''}`;
  try {
    const { response, request } = await openRequest(conn, {
      method: 'GET',
      path: resourcePath(resource, { namespace: options.namespace }),
      query: {
        watch: 1,
        allowWatchBookmarks: true,
        resourceVersion: options.resourceVersion,
        timeoutSeconds: options.timeoutSeconds,
        labelSelector: options.labelSelector || undefined,
        fieldSelector: options.fieldSelector || undefined,
      },
      signal: local.signal,
      timeoutMs: options.watchdogMs,
    });
    if (response.statusCode !== 200) {
      let text = '';
      response.setEncoding('utf8');
      for await (const chunk of response) text += chunk;
      if (response.statusCode === 410) return { outcome: 'gone', lines: 0 };
      throw toStrataError(new KubernetesApiError(response.statusCode ?? 0, text), context);
    }
    return await new Promise<StreamEnd>((resolve, reject) => {
      let lines = 0;
      let buffer = '';
      let settled = false;
      let watchdog: NodeJS.Timeout | undefined;
      const finish = (result: StreamEnd | Error) => {
        if (settled) return;
        settled = true;
        clearTimeout(watchdog);
        options.signal.removeEventListener('abort', onAbort);
        request.destroy();
        if (result instanceof Error) reject(result);
        else resolve(result);
      };
      const arm = () => {
        clearTimeout(watchdog);
        watchdog = setTimeout(() => finish(new WatchStalledError(options.watchdogMs)), options.watchdogMs);
      };
      const onAbort = () => finish({ outcome: 'closed', lines });
      options.signal.addEventListener('abort', onAbort, { once: true });
      arm();
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        buffer += chunk;
        let newline = buffer.indexOf('\n');
        while (newline >= 0 && !settled) {
          const text = buffer.slice(0, newline).trim();
          buffer = buffer.slice(newline + 1);
          newline = buffer.indexOf('\n');
          if (!text) continue;
          lines += 1;
          arm();
          const line = parseWatchLine<T>(text);
          if (line.kind === 'gone') return finish({ outcome: 'gone', lines });
          if (line.kind === 'error') {
            return finish(toStrataError(new KubernetesApiError(line.status.code ?? 500, line.status), context));
          }
          try {
            onLine(line);
          } catch (error) {
            return finish(error instanceof Error ? error : new Error(String(error)));
          }
        }
      });
      response.on('end', () => finish({ outcome: 'closed', lines }));
      response.on('error', (error) =>
        finish(options.signal.aborted ? { outcome: 'closed', lines } : networkError(error, `${context}: the connection dropped`)),
      );
      response.on('close', () => {
        if (!response.complete)
          finish(
            options.signal.aborted
              ? { outcome: 'closed', lines }
              : networkError(new Error('connection closed mid-stream'), `${context}: the connection dropped`),
          );
      });
    });
  } catch (error) {
    if (options.signal.aborted) return { outcome: 'closed', lines: 0 };
    throw error;
  } finally {
    options.signal.removeEventListener('abort', abort);
  }
}

import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { setTimeout as sleep } from 'node:timers/promises';

export interface ClientTls {
  ca: string;
  /** Client certificate and key; without them the request is anonymous. */
  cert?: string;
  key?: string;
}

/** GET over mutual TLS; resolves with status and body, rejects on connection errors. */
export function httpsGet(url: string, tls: ClientTls, timeoutMs = 2_000): Promise<{ status: number; body: string }> {
  return new Promise((resolveGet, reject) => {
    const req = request(
      url,
      {
        method: 'GET',
        ca: readFileSync(tls.ca),
        ...(tls.cert && tls.key ? { cert: readFileSync(tls.cert), key: readFileSync(tls.key) } : {}),
        timeout: timeoutMs,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolveGet({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`GET ${url}: timed out after ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end();
  });
}

/** Polls `url` until it answers 200 or `timeoutMs` passes; `alive` aborts early when the server process died. */
export async function waitForOk(url: string, tls: ClientTls, options: { timeoutMs: number; alive?: () => boolean; describe?: () => string }): Promise<void> {
  const deadline = AbortSignal.timeout(options.timeoutMs);
  let last = 'no answer yet';
  while (!deadline.aborted) {
    if (options.alive && !options.alive()) {
      throw new Error(`waiting for ${url}: the server exited. ${options.describe?.() ?? ''}`);
    }
    try {
      const res = await httpsGet(url, tls);
      if (res.status === 200) return;
      last = `HTTP ${res.status}: ${res.body.slice(0, 300)}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await sleep(200);
  }
  throw new Error(`waiting for ${url}: not ready after ${options.timeoutMs} ms (last: ${last}). ${options.describe?.() ?? ''}`);
}

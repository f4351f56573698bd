import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ProviderError } from '@strata/errors';

/** The cluster CA and the admin client certificate and key of an asset directory. */
interface AdminTls {
  ca: Buffer;
  cert: Buffer;
  key: Buffer;
}

function adminTls(assetsDir: string): AdminTls {
  return {
    ca: readFileSync(join(assetsDir, 'pki/ca.crt')),
    cert: readFileSync(join(assetsDir, 'pki/admin.crt')),
    key: readFileSync(join(assetsDir, 'pki/admin.key')),
  };
}

/**
 * GET `path` on the API endpoint with the admin client certificate; resolves with the
 * status (0 when unreachable). Callers that poll pass the certificates read once.
 */
export function apiGet(
  assetsDir: string,
  endpoint: { apiAddress: string; apiPort: number },
  path: string,
  tls: AdminTls = adminTls(assetsDir),
): Promise<{ status: number; body: string }> {
  return new Promise((resolveGet) => {
    const req = request(
      {
        host: endpoint.apiAddress,
        port: endpoint.apiPort,
        path,
        method: 'GET',
        ...tls,
        timeout: 3_000,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolveGet({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolveGet({ status: 0, body: '' }));
    req.end();
  });
}

/**
 * Waits until the API endpoint answers /readyz with 200. `broken` is asked between tries
 * and ends the wait at once with the problem it names (a process that died at start).
 */
export async function waitForApi(
  assetsDir: string,
  endpoint: { apiAddress: string; apiPort: number },
  timeoutMs: number,
  whereToLook?: string,
  broken?: () => string | undefined,
): Promise<void> {
  const deadline = AbortSignal.timeout(timeoutMs);
  const tls = adminTls(assetsDir);
  let last = 'no answer';
  while (!deadline.aborted) {
    const problem = broken?.();
    if (problem) throw new ProviderError(problem, { retryable: true });
    const res = await apiGet(assetsDir, endpoint, '/readyz', tls);
    if (res.status === 200) return;
    last = res.status === 0 ? 'unreachable' : `HTTP ${res.status}`;
    await sleep(100);
  }
  throw new ProviderError(
    `the API at https://${endpoint.apiAddress}:${endpoint.apiPort} was not ready within ${timeoutMs / 1000} s (last: ${last})${whereToLook ? `; see ${whereToLook}` : ''}`,
    {
      retryable: true,
    },
  );
}

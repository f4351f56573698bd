import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeThrowawayTls, type ThrowawayTls } from '@strata/testkit';
import { toStrataError, UNREACHABLE_MESSAGE } from './api-errors';
import { connectionFromKubeconfig } from './connection';
import { requestJson } from './http-request';

function kubeconfig(server: string, ca?: string): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    `clusters: [{name: c, cluster: {server: "${server}"${ca ? `, certificate-authority-data: ${ca}` : ''}}}]`,
    'users: [{name: u, user: {token: abc}}]',
    'contexts: [{name: x, context: {cluster: c, user: u}}]',
    'current-context: x',
  ].join('\n');
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)));
}

describe('connection failures', () => {
  let dir: string;
  let tls: ThrowawayTls;
  const servers: Server[] = [];
  const ports: Record<string, number> = {};
  const html = '<html>internal admin page: secret-7f3a</html>';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'strata-k8s-fail-'));
    tls = makeThrowawayTls(dir);
    const cert = readFileSync(tls.serverCert);
    const key = readFileSync(tls.serverKey);
    const answerHtml = (_req: unknown, res: import('node:http').ServerResponse) => res.writeHead(200, { 'content-type': 'text/html' }).end(html);
    const closed = createHttpServer();
    ports['closed'] = await listen(closed);
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    servers.push(
      createHttpServer(answerHtml),
      createHttpsServer({ cert, key }, answerHtml),
      createHttpsServer({ cert, key, requestCert: true, rejectUnauthorized: true }, answerHtml),
      createHttpsServer({ cert, key }, answerHtml),
    );
    const opened = await Promise.all(servers.map(listen));
    ['http', 'selfSigned', 'clientCert', 'html'].forEach((name, i) => (ports[name] = opened[i] ?? 0));
  });

  afterAll(async () => {
    await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers closed ports, plain HTTP, untrusted TLS, client-certificate demands and HTML pages alike', async () => {
    const ca = readFileSync(tls.caCert).toString('base64');
    const targets = [
      kubeconfig(`https://127.0.0.1:${ports['closed']}`, ca),
      kubeconfig(`https://127.0.0.1:${ports['http']}`, ca),
      kubeconfig(`https://127.0.0.1:${ports['selfSigned']}`),
      kubeconfig(`https://127.0.0.1:${ports['clientCert']}`, ca),
      kubeconfig(`https://127.0.0.1:${ports['html']}`, ca),
    ];
    const messages = await Promise.all(
      targets.map(async (text) => {
        try {
          await requestJson(connectionFromKubeconfig(text), { method: 'GET', path: '/version', timeoutMs: 5_000 });
          return 'answered';
        } catch (error) {
          return toStrataError(error, 'reading the version').message;
        }
      }),
    );
    expect(messages).toEqual(targets.map(() => `reading the version: GET /version: ${UNREACHABLE_MESSAGE}`));
    expect(messages.join()).not.toContain('secret-7f3a');
  });
});

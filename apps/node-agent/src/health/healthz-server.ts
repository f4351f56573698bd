import { createServer, type Server } from 'node:http';

/** The answer of the health endpoint. */
export interface HealthReport {
  healthy: boolean;
  body: Record<string, unknown>;
}

/** A running health endpoint. */
export interface HealthzServer {
  url: string;
  close(): Promise<void>;
}

/**
 * Serves `GET /healthz` on `host:port` like the kubelet's healthz port (10248):
 * 200 with a small JSON body when healthy, 503 with the same body otherwise.
 */
export function startHealthz(host: string, port: number, report: () => HealthReport): Promise<HealthzServer> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' || path !== '/healthz') {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'not found' }));
      return;
    }
    const { healthy, body } = report();
    res.writeHead(healthy ? 200 : 503, { 'content-type': 'application/json' }).end(`${JSON.stringify({ status: healthy ? 'ok' : 'unhealthy', ...body })}\n`);
  });
  return new Promise((resolveStart, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address();
      const actualPort = typeof address === 'object' && address ? address.port : port;
      resolveStart({
        url: `http://${host.includes(':') ? `[${host}]` : host}:${actualPort}/healthz`,
        close: () =>
          new Promise((resolveClose) => {
            server.closeAllConnections();
            server.close(() => resolveClose());
          }),
      });
    });
  });
}

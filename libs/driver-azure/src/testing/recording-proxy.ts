import { readFileSync } from 'node:fs';
import { request, createServer } from 'node:https';
import type { AddressInfo } from 'node:net';

/** One request that went through the proxy, with its body as sent. */
export interface RecordedRequest {
  method: string;
  path: string;
  body: string;
}

/** An HTTPS proxy in front of the ARM test server that keeps what the SDK sent. */
export interface RecordingProxy {
  /** `https://127.0.0.1:PORT`: the endpoint to give the driver instead of the server's. */
  url: string;
  requests(): RecordedRequest[];
  close(): Promise<void>;
}

/**
 * Starts an HTTPS proxy forwarding every request to `target` unchanged and recording it.
 * ARM never returns a VM's `customData` (nor does the test server), so the infrastructure
 * spec reads it here, as it went over the wire, to run it through the Ignition validator.
 * It serves the test server's own certificate (`certFile`/`keyFile` of `ensureArmTestCa`),
 * which the clients already trust.
 */
export async function startRecordingProxy(target: string, tls: { keyFile: string; certFile: string }): Promise<RecordingProxy> {
  const recorded: RecordedRequest[] = [];
  const upstream = new URL(target);
  const server = createServer({ key: readFileSync(tls.keyFile), cert: readFileSync(tls.certFile) }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      recorded.push({ method: req.method ?? 'GET', path: req.url ?? '/', body: body.toString('utf8') });
      const forward = request(
        { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host } },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      forward.on('error', (error) => {
        res.writeHead(502);
        res.end(String(error));
      });
      forward.end(body);
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}`,
    requests: () => [...recorded],
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}

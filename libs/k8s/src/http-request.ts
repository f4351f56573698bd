import { request as httpRequest, type IncomingMessage, type ClientRequest, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { ClusterConnection } from './connection';
import { KubernetesApiError, networkError } from './api-errors';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type Query = Record<string, string | number | boolean | undefined>;

export interface RawRequest {
  method: HttpMethod;
  /** Absolute API path, e.g. `/api/v1/namespaces/default/pods`. */
  path: string;
  query?: Query;
  /** Sent as JSON. */
  body?: unknown;
  /** Defaults to `application/json` when there is a body. */
  contentType?: string;
  accept?: string;
  signal?: AbortSignal;
  /** Aborts a request whose response headers do not arrive in time; 30 s by default. */
  timeoutMs?: number;
}

/** The URL of `path` on the connection's API server, keeping any path prefix of the server URL. */
export function apiUrl(conn: ClusterConnection, path: string, query: Query = {}): URL {
  const url = new URL(conn.server + path);
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined) url.searchParams.set(key, String(value));
  }
  return url;
}

/**
 * Opens a request with the kubeconfig's TLS material, credentials and agent (proxies
 * included) and resolves with the response once its headers arrive. The caller owns the
 * response stream. Network failures reject with a retryable `ProviderError`.
 */
export async function openRequest(conn: ClusterConnection, req: RawRequest): Promise<{ response: IncomingMessage; request: ClientRequest }> {
  const url = apiUrl(conn, req.path, req.query);
  const options: RequestOptions & { headers: Record<string, string> } = {
    method: req.method,
    headers: { Accept: req.accept ?? 'application/json' },
  };
  await conn.kubeConfig.applyToHTTPSOptions(options);
  const payload = req.body === undefined ? undefined : JSON.stringify(req.body);
  if (payload !== undefined) {
    options.headers['Content-Type'] = req.contentType ?? 'application/json';
    options.headers['Content-Length'] = String(Buffer.byteLength(payload));
  }
  const send = url.protocol === 'http:' ? httpRequest : httpsRequest;
  return new Promise((resolve, reject) => {
    const request = send(url, options);
    const timeoutMs = req.timeoutMs ?? 30_000;
    const timer = setTimeout(() => request.destroy(new Error(`no response within ${timeoutMs} ms`)), timeoutMs);
    const onAbort = () => request.destroy(new DOMException('The request was aborted', 'AbortError'));
    if (req.signal?.aborted) onAbort();
    req.signal?.addEventListener('abort', onAbort, { once: true });
    request.on('response', (response) => {
      clearTimeout(timer);
      req.signal?.removeEventListener('abort', onAbort);
      resolve({ response, request });
    });
    request.on('error', (error) => {
      clearTimeout(timer);
      req.signal?.removeEventListener('abort', onAbort);
      reject(req.signal?.aborted ? error : networkError(error, `${req.method} ${url.pathname}`));
    });
    request.end(payload);
  });
}

async function readBody(response: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of response) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Sends a request and returns the status and text of the response, whatever the status. */
export async function requestText(conn: ClusterConnection, req: RawRequest): Promise<{ status: number; text: string }> {
  const { response } = await openRequest(conn, req);
  try {
    return { status: response.statusCode ?? 0, text: await readBody(response) };
  } catch (error) {
    throw networkError(error, `${req.method} ${req.path}`);
  }
}

/** Sends a request and parses a JSON response; non-2xx statuses throw `KubernetesApiError`. */
export async function requestJson<T>(conn: ClusterConnection, req: RawRequest): Promise<T> {
  const { status, text } = await requestText(conn, req);
  if (status < 200 || status > 299) throw new KubernetesApiError(status, text);
  try {
    return (text ? JSON.parse(text) : undefined) as T;
  } catch (error) {
    // The parser's message quotes the body, which may be another service's page.
    throw networkError(error, `${req.method} ${req.path}`);
  }
}

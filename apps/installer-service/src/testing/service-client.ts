import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Role } from '@strata/install-contract';
import { startInstallerService, type InstallerServiceOptions, type RunningInstallerService } from '../server';

/** One answer of the service: status, headers and the body (parsed when JSON). */
export interface Answer<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

/** Calls a service as the console's server does: the token, a user and a role. */
export interface ServiceClient {
  url: string;
  token: string;
  call<T = Record<string, unknown>>(
    method: string,
    path: string,
    options?: { body?: unknown; role?: Role; user?: string; token?: string | null; headers?: Record<string, string> },
  ): Promise<Answer<T>>;
}

export function serviceClient(url: string, token: string): ServiceClient {
  return {
    url,
    token,
    async call(method, path, options = {}) {
      const headers: Record<string, string> = { 'x-strata-user': options.user ?? 'alice', 'x-strata-role': options.role ?? 'admin', ...options.headers };
      const auth = options.token === undefined ? token : options.token;
      if (auth !== null) headers['authorization'] = `Bearer ${auth}`;
      if (options.body !== undefined) headers['content-type'] = 'application/json';
      const res = await fetch(`${url}${path}`, { method, headers, ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}) });
      const text = await res.text();
      const isJson = (res.headers.get('content-type') ?? '').includes('json');
      return { status: res.status, headers: res.headers, text, body: (isJson && text ? JSON.parse(text) : {}) as never };
    },
  };
}

/** An in-process service on a free port over a fresh data directory, for API specs. */
export interface TestService extends ServiceClient {
  service: RunningInstallerService;
  dataDir: string;
  close(): Promise<void>;
}

export async function startTestService(options: InstallerServiceOptions = {}): Promise<TestService> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'strata-installer-service-'));
  const service = await startInstallerService({ port: 0, logLevel: 'silent', ...options, dataDir });
  return {
    ...serviceClient(service.url, service.token),
    service,
    dataDir,
    close: async () => {
      await service.stop();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A local Cluster document on its own loopback range and state directory under `work`, as
 * the CLI's specs write one.
 */
export function localDocument(work: string, options: { name: string; controlPlane?: number; workers?: number; extra?: string[] }): string {
  const range = `127.${100 + Math.floor(Math.random() * 100)}.${Math.floor(Math.random() * 250)}.0/24`;
  return [
    'apiVersion: strata.dev/v1alpha1',
    'kind: Cluster',
    `metadata: {name: ${options.name}}`,
    'spec:',
    `  platform: {local: {stateDir: ${join(work, 'state')}, addressRange: ${range}}}`,
    `  controlPlane: {replicas: ${options.controlPlane ?? 1}}`,
    `  workers: [{name: default, replicas: ${options.workers ?? 1}}]`,
    ...(options.extra ?? []),
    '',
  ].join('\n');
}

/** Writes `text` to `work/<name>` and returns the path. */
export function writeDocument(work: string, name: string, text: string): string {
  const file = join(work, name);
  writeFileSync(file, text);
  return file;
}

/** One frame of an event stream: its id, event type and data. */
export interface SseFrame {
  id?: string;
  event?: string;
  data?: string;
}

/**
 * Reads an install's event stream until `event: end` (or `timeoutMs`), returning every frame
 * and the comment lines it saw.
 */
export async function readEvents(
  client: ServiceClient,
  installId: string,
  options: { lastEventId?: number; after?: number; timeoutMs?: number; until?: (frames: SseFrame[]) => boolean } = {},
): Promise<{ frames: SseFrame[]; comments: string[]; ended: boolean; headers: Headers }> {
  const headers: Record<string, string> = { authorization: `Bearer ${client.token}`, 'x-strata-user': 'alice', 'x-strata-role': 'viewer' };
  if (options.lastEventId !== undefined) headers['last-event-id'] = String(options.lastEventId);
  const query = options.after !== undefined ? `?after=${options.after}` : '';
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), options.timeoutMs ?? 30_000);
  const res = await fetch(`${client.url}/v1/installs/${installId}/events${query}`, { headers, signal: abort.signal });
  const frames: SseFrame[] = [];
  const comments: string[] = [];
  let ended = false;
  let buffer = '';
  try {
    if (!res.body) throw new Error(`GET events of ${installId} answered ${res.status} without a body`);
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let cut: number;
      while ((cut = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        const frame: SseFrame = {};
        for (const line of block.split('\n')) {
          if (line.startsWith(':')) comments.push(line.slice(1).trim());
          else if (line.startsWith('id: ')) frame.id = line.slice(4);
          else if (line.startsWith('event: ')) frame.event = line.slice(7);
          else if (line.startsWith('data: ')) frame.data = line.slice(6);
        }
        if (frame.event === 'end') ended = true;
        else if (frame.event) frames.push(frame);
      }
      if (ended || options.until?.(frames)) break;
    }
  } catch (error) {
    if (!abort.signal.aborted) throw error;
  } finally {
    clearTimeout(timer);
    abort.abort();
  }
  return { frames, comments, ended, headers: res.headers };
}

import type { V1ConfigMap } from '@kubernetes/client-node';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { NotAllowedError, ProviderError } from '@strata/errors';
import { startControlPlane, type TestControlPlane } from '@strata/testkit';
import type { ClusterConnection } from '../connection';
import { RESOURCES } from '../resources';
import { EventLog } from '../testing/collect-events';
import { adminConnection, createNamespace, impersonatingConnection } from '../testing/control-plane-connection';
import { startTcpProxy, type TcpProxy } from '../testing/tcp-proxy';
import { watchResource, type WatchResourceOptions } from './watch-resource';

let cp: TestControlPlane;
let admin: ClusterConnection;
let proxy: TcpProxy;
/** Goes through the proxy, so tests can break its connections. */
let conn: ClusterConnection;
const ns = 'live';
const running: { stop: () => Promise<void> }[] = [];
const wait = { timeout: 30_000, interval: 100 };

beforeAll(async () => {
  cp = await startControlPlane();
  admin = adminConnection(cp.kubeconfigPath);
  await createNamespace(admin, ns);
  await createNamespace(admin, 'noise');
  proxy = await startTcpProxy(new URL(cp.apiServerUrl));
  conn = adminConnection(cp.kubeconfigPath, { server: proxy.url });
});

afterEach(async () => {
  await Promise.all(running.splice(0).map((w) => w.stop()));
  proxy.refuse(false);
});

afterAll(async () => {
  await proxy?.close();
  await cp?.stop();
});

function startInformer(options: Partial<WatchResourceOptions<V1ConfigMap>> = {}, via: ClusterConnection = conn) {
  const controller = new AbortController();
  const log = new EventLog<V1ConfigMap>();
  const done = watchResource<V1ConfigMap>(via, RESOURCES.configmaps, {
    namespace: ns,
    signal: controller.signal,
    onEvent: log.onEvent,
    onStatus: log.onStatus,
    onResourceVersion: log.onResourceVersion,
    backoff: { initialMs: 100, maxMs: 1_000 },
    ...options,
  });
  const handle = {
    log,
    done,
    stop: async () => {
      controller.abort();
      await done;
    },
  };
  running.push(handle);
  return handle;
}

const create = (name: string, namespace = ns) => admin.core.createNamespacedConfigMap({ namespace, body: { metadata: { name }, data: { v: '1' } } });

describe('watchResource', () => {
  it('lists in pages, then delivers ADDED, MODIFIED and DELETED', async () => {
    for (const name of ['pre-1', 'pre-2', 'pre-3']) await create(name);
    const { log } = startInformer({ pageSize: 2 });
    await vi.waitFor(() => expect(log.count('watching')).toBeGreaterThan(0), wait);
    const [initial] = log.resyncs();
    expect(initial?.items.map((c) => c.metadata?.name)).toEqual(['pre-1', 'pre-2', 'pre-3']);
    expect(log.statuses.slice(0, 2).map((s) => s.status)).toEqual(['listing', 'watching']);

    await create('x');
    await admin.core.patchNamespacedConfigMap({ namespace: ns, name: 'x', body: [{ op: 'replace', path: '/data/v', value: '2' }] });
    await admin.core.deleteNamespacedConfigMap({ namespace: ns, name: 'x' });
    await vi.waitFor(() => expect(log.changesOf('x')).toEqual(['ADDED', 'MODIFIED', 'DELETED']), wait);
    const modified = log.events.find((e) => e.type === 'MODIFIED' && e.object.metadata?.name === 'x');
    expect(modified?.type === 'MODIFIED' && modified.object.data).toEqual({ v: '2' });
  });

  it('resumes from the last resourceVersion after the connection drops, without relisting', async () => {
    const { log } = startInformer();
    // Created after the list, so it must come as a change.
    await vi.waitFor(() => expect(log.resyncs()).toHaveLength(1), wait);
    await create('before-drop');
    await vi.waitFor(() => expect(log.changesOf('before-drop')).toEqual(['ADDED']), wait);

    proxy.refuse(true);
    proxy.dropAll();
    await vi.waitFor(() => expect(log.count('backoff')).toBeGreaterThan(0), wait);
    await create('while-down');
    proxy.refuse(false);

    await vi.waitFor(() => expect(log.changesOf('while-down')).toEqual(['ADDED']), wait);
    expect(log.resyncs()).toHaveLength(1);
    expect(log.changesOf('before-drop')).toEqual(['ADDED']);
    const backoff = log.statuses.find((s) => s.status === 'backoff');
    expect(backoff?.error).toBeInstanceOf(ProviderError);
    expect(backoff?.error && (backoff.error as ProviderError).retryable).toBe(true);
  });

  it('restarts a watch that goes silent once the watchdog expires', async () => {
    const { log } = startInformer({ watchdogMs: 2_500 });
    await vi.waitFor(() => expect(log.count('watching')).toBeGreaterThan(0), wait);
    await create('behind-a-hang');
    const stalled = () =>
      log.statuses.some((s) => s.status === 'backoff' && /no event or bookmark for 2500 ms|no response within/.test(s.error?.message ?? ''));
    // Freeze whatever connection is open until the watchdog has given up on one.
    await vi.waitFor(
      () => {
        if (!stalled()) {
          proxy.freeze();
          throw new Error('the watchdog has not fired yet');
        }
      },
      { timeout: 30_000, interval: 500 },
    );
    await vi.waitFor(() => expect(log.changesOf('behind-a-hang')).toEqual(['ADDED']), wait);
  });

  it('moves the resume point with bookmarks while its own namespace is quiet', async () => {
    // The API server sends a bookmark two seconds before a watch's timeout, so the timeout must exceed that.
    const { log } = startInformer({ watchdogMs: 8_000 });
    await vi.waitFor(() => expect(log.count('watching')).toBeGreaterThan(0), wait);
    await vi.waitFor(() => expect(log.resyncs()).toHaveLength(1), wait);
    const noise = await create('elsewhere', 'noise');
    const target = Number(noise.metadata?.resourceVersion);
    await vi.waitFor(() => expect(Math.max(...log.versions.map(Number))).toBeGreaterThanOrEqual(target), wait);
    expect(log.events.filter((e) => e.type !== 'RESYNC')).toEqual([]);
  });

  it('stops on abort, closing its connection', async () => {
    const { log, stop } = startInformer();
    await vi.waitFor(() => expect(log.count('watching')).toBeGreaterThan(0), wait);
    await vi.waitFor(() => expect(proxy.openConnections()).toBeGreaterThan(0), wait);
    await stop();
    expect(log.statuses.at(-1)).toEqual({ status: 'stopped' });
    await vi.waitFor(() => expect(proxy.openConnections()).toBe(0), wait);
  });

  it('stops and reports the error when onEvent throws', async () => {
    const boom = new Error('consumer failed');
    const log = new EventLog<V1ConfigMap>();
    const { done } = startInformer({
      onStatus: log.onStatus,
      onEvent: (event) => {
        if (event.type === 'ADDED') throw boom;
      },
    });
    await vi.waitFor(() => expect(log.count('watching')).toBeGreaterThan(0), wait);
    await create('explodes');
    await done;
    expect(log.statuses.at(-1)).toEqual({ status: 'stopped', error: boom });
  });

  it('backs off and retries while the API refuses, reporting the typed error', async () => {
    const { log } = startInformer({}, impersonatingConnection(cp, 'jane'));
    await vi.waitFor(() => expect(log.count('backoff')).toBeGreaterThanOrEqual(3), wait);
    const errors = log.statuses.filter((s) => s.status === 'backoff').map((s) => s.error);
    for (const error of errors) expect(error).toBeInstanceOf(NotAllowedError);
    expect(log.count('listing')).toBeGreaterThanOrEqual(3);
    expect(log.events).toEqual([]);
  });
});

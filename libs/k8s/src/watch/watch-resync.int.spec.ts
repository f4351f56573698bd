import type { V1ConfigMap } from '@kubernetes/client-node';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ProviderError } from '@strata/errors';
import { startControlPlane, type TestControlPlane } from '@strata/testkit';
import type { ClusterConnection } from '../connection';
import { openRequest } from '../http-request';
import { listPage } from '../list';
import { RESOURCES, resourcePath } from '../resources';
import { EventLog } from '../testing/collect-events';
import { adminConnection, createNamespace } from '../testing/control-plane-connection';
import { startTcpProxy, type TcpProxy } from '../testing/tcp-proxy';
import { watchResource } from './watch-resource';

/*
 * 410 Gone comes from etcd compaction. This API server compacts every two seconds and
 * serves watches straight from etcd (no watch cache, whose window would hide compaction),
 * so any resourceVersion older than a few seconds is really gone, as after a long outage
 * on a busy production cluster.
 */
let cp: TestControlPlane;
let admin: ClusterConnection;
let proxy: TcpProxy;
let conn: ClusterConnection;
const ns = 'compacted';
const stops: (() => Promise<void>)[] = [];
const wait = { timeout: 60_000, interval: 200 };

/** True once a watch from `resourceVersion` is refused with 410 (the revision is compacted). */
async function isCompacted(resourceVersion: string): Promise<boolean> {
  const { response, request } = await openRequest(admin, {
    method: 'GET',
    path: resourcePath(RESOURCES.configmaps, { namespace: ns }),
    query: { watch: 1, resourceVersion, timeoutSeconds: 1 },
  });
  let text = '';
  response.setEncoding('utf8');
  for await (const chunk of response) text += chunk;
  request.destroy();
  return response.statusCode === 410 || /"code":410/.test(text);
}

async function create(name: string): Promise<string> {
  const cm = await admin.core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name } } });
  return cm.metadata?.resourceVersion ?? '';
}

function startInformer(options: { resourceVersion?: string } = {}) {
  const controller = new AbortController();
  const log = new EventLog<V1ConfigMap>();
  const done = watchResource<V1ConfigMap>(conn, RESOURCES.configmaps, {
    namespace: ns,
    signal: controller.signal,
    onEvent: log.onEvent,
    onStatus: log.onStatus,
    onResourceVersion: log.onResourceVersion,
    backoff: { initialMs: 100, maxMs: 500 },
    ...options,
  });
  stops.push(async () => {
    controller.abort();
    await done;
  });
  return log;
}

const names = (items: V1ConfigMap[] | undefined) => (items ?? []).map((c) => c.metadata?.name).sort();

beforeAll(async () => {
  cp = await startControlPlane({ apiServerFlags: ['--watch-cache=false', '--etcd-compaction-interval=2s'] });
  admin = adminConnection(cp.kubeconfigPath);
  await createNamespace(admin, ns);
  proxy = await startTcpProxy(new URL(cp.apiServerUrl));
  conn = adminConnection(cp.kubeconfigPath, { server: proxy.url });
});

afterEach(async () => {
  await Promise.all(stops.splice(0).map((stop) => stop()));
  proxy.refuse(false);
});

afterAll(async () => {
  await proxy?.close();
  await cp?.stop();
});

describe('watchResource on 410 Gone', () => {
  it('lists again and emits RESYNC when asked to resume from a compacted version', async () => {
    const old = await create('kept');
    await vi.waitFor(async () => expect(await isCompacted(old)).toBe(true), wait);

    const log = startInformer({ resourceVersion: old });
    await vi.waitFor(() => expect(log.resyncs()).toHaveLength(1), wait);
    expect(names(log.resyncs()[0]?.items)).toEqual(['kept']);
    expect(log.statuses.slice(0, 3).map((s) => s.status)).toEqual(['watching', 'listing', 'watching']);
    expect(log.changesOf('kept')).toEqual([]);
  });

  it('relists after an outage long enough for its resume point to be compacted', async () => {
    const log = startInformer();
    await vi.waitFor(() => expect(log.count('watching')).toBeGreaterThan(0), wait);
    await create('before-outage');
    await vi.waitFor(() => expect(log.changesOf('before-outage')).toEqual(['ADDED']), wait);
    const resumePoint = log.versions.at(-1) ?? '';

    proxy.refuse(true);
    proxy.dropAll();
    await admin.core.deleteNamespacedConfigMap({ namespace: ns, name: 'before-outage' });
    await create('during-outage');
    await vi.waitFor(async () => expect(await isCompacted(resumePoint)).toBe(true), wait);
    proxy.refuse(false);

    await vi.waitFor(() => expect(log.resyncs()).toHaveLength(2), wait);
    expect(names(log.resyncs()[1]?.items)).toEqual(['during-outage', 'kept']);
    // The deletion happened while compacted away: only the RESYNC tells the consumer.
    expect(log.changesOf('before-outage')).toEqual(['ADDED']);
  });
});

describe('listPage on 410 Gone', () => {
  it('reports a compacted continue token as a ProviderError telling to list again', async () => {
    await create('page-a');
    await create('page-b');
    const first = await listPage(admin, RESOURCES.configmaps, { namespace: ns, limit: 1 });
    expect(first.continueToken).toBeTruthy();
    await vi.waitFor(async () => expect(await isCompacted(first.resourceVersion)).toBe(true), wait);
    const error = await listPage(admin, RESOURCES.configmaps, { namespace: ns, limit: 1, continueToken: first.continueToken }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as Error).message).toMatch(/continue parameter is too old/);
  });
});

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ProviderError } from '@strata/errors';
import { getObject, listAll, RESOURCES } from '@strata/k8s';
import { makeThrowawayTls } from '@strata/testkit';
import { importKubeconfig } from '../clusters/registry';
import { openConsoleStore, type ConsoleStore } from '../store/console-store';
import { clusterConnection, forgetClusterConnections, userConnection } from './cluster-connections';
import { consoleAccessObjects, CONSOLE_FIELD_MANAGER } from './console-access';
import { explainRoleDenial } from './role-denial';

interface Seen {
  method: string;
  url: URL;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * An HTTPS server that answers like an API server for the few calls these tests make and
 * records every request: server-side applies succeed, the operator-policy probe is
 * refused (as an API server enforcing the policy does), pods can be listed and read.
 */
function answer(seen: Seen, failApplies: false | 503 | 403): { status: number; body: unknown } {
  const status = (code: number, message: string) => ({ status: code, body: { kind: 'Status', apiVersion: 'v1', status: 'Failure', code, message } });
  if (seen.method === 'PATCH' && failApplies === 503) return status(503, 'etcd is not ready');
  if (seen.method === 'PATCH' && failApplies === 403)
    return status(403, 'clusterroles.rbac.authorization.k8s.io "strata:viewer" is forbidden: User "limited" cannot patch');
  if (seen.method === 'PATCH') return { status: 200, body: JSON.parse(seen.body) as unknown };
  if (seen.method === 'POST' && seen.url.pathname === '/apis/apps/v1/namespaces/default/deployments') return status(403, 'denied by policy');
  if (seen.method === 'GET' && seen.url.pathname === '/api/v1/namespaces/shop/pods') {
    return { status: 200, body: { kind: 'PodList', apiVersion: 'v1', metadata: { resourceVersion: '7' }, items: [] } };
  }
  if (seen.method === 'GET' && seen.url.pathname === '/api/v1/namespaces/shop/pods/cart') {
    return { status: 200, body: { kind: 'Pod', apiVersion: 'v1', metadata: { name: 'cart', namespace: 'shop' } } };
  }
  return status(404, 'not found');
}

describe('cluster connections of the console', () => {
  let dir: string;
  let server: Server;
  let store: ConsoleStore;
  let clusterId: string;
  const seen: Seen[] = [];
  let failApplies: false | 503 | 403 = false;
  const token = 'console-own-token-0123456789';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'console-connections-'));
    const tls = makeThrowawayTls(dir);
    server = createServer({ key: readFileSync(tls.serverKey), cert: readFileSync(tls.serverCert) }, (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const request: Seen = {
          method: req.method ?? '',
          url: new URL(req.url ?? '/', 'https://127.0.0.1'),
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        };
        seen.push(request);
        const { status, body } = answer(request, failApplies);
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const kubeconfig = stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'fake', cluster: { server: `https://127.0.0.1:${port}`, 'certificate-authority-data': readFileSync(tls.caCert).toString('base64') } }],
      users: [{ name: 'console', user: { token } }],
      contexts: [{ name: 'fake', context: { cluster: 'fake', user: 'console' } }],
      'current-context': 'fake',
    });
    store = await openConsoleStore({ url: 'sqlite::memory:', dataDir: dir });
    clusterId = (await importKubeconfig(store, 'fake', kubeconfig)).id;
  });

  afterAll(async () => {
    await store?.close();
    await new Promise((resolve) => server?.close(resolve));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  beforeEach(() => {
    forgetClusterConnections(clusterId);
    seen.length = 0;
    failApplies = false;
  });

  const userReads = () => seen.filter((r) => r.method === 'GET' && r.url.pathname.startsWith('/api/v1/namespaces/shop/pods'));

  it.each([
    [{ username: 'vera', role: 'viewer' } as const, 'strata:viewers'],
    [{ username: 'otto', role: 'operator' } as const, 'strata:operators'],
    [{ username: 'ada', role: 'admin' } as const, 'strata:admins'],
  ])('requests for %j impersonate strata:<username> in %s, authenticated with the console credentials', async (user, group) => {
    const conn = await userConnection(store, clusterId, user);
    // Both ways a request leaves: the typed client of client-node and the raw requests (lists, reads, watches) of @strata/k8s.
    await conn.core.listNamespacedPod({ namespace: 'shop' });
    await listAll(conn, RESOURCES.pods, { namespace: 'shop' });
    await getObject(conn, RESOURCES.pods, 'shop', 'cart');
    const reads = userReads();
    expect(reads).toHaveLength(3);
    for (const read of reads) {
      expect(read.headers['impersonate-user']).toBe(`strata:${user.username}`);
      expect(read.headers['impersonate-group']).toBe(group);
      expect(read.headers['authorization']).toBe(`Bearer ${token}`);
    }
  });

  it('follows a role change at once: the same user gets the group of the new role', async () => {
    await (await userConnection(store, clusterId, { username: 'otto', role: 'viewer' })).core.listNamespacedPod({ namespace: 'shop' });
    await (await userConnection(store, clusterId, { username: 'otto', role: 'operator' })).core.listNamespacedPod({ namespace: 'shop' });
    expect(userReads().map((r) => r.headers['impersonate-group'])).toEqual(['strata:viewers', 'strata:operators']);
  });

  it('sends background requests with the plain console identity', async () => {
    await (await clusterConnection(store, clusterId)).core.listNamespacedPod({ namespace: 'shop' });
    const [read] = userReads();
    expect(read?.headers['impersonate-user']).toBeUndefined();
    expect(read?.headers['impersonate-group']).toBeUndefined();
    expect(seen.filter((r) => r.method === 'PATCH')).toHaveLength(0);
  });

  it('applies the roles and the policy once, as itself, by server-side apply, then checks the policy as an operator', async () => {
    await userConnection(store, clusterId, { username: 'vera', role: 'viewer' });
    await userConnection(store, clusterId, { username: 'ada', role: 'admin' });
    const applies = seen.filter((r) => r.method === 'PATCH');
    expect(applies.map((r) => JSON.parse(r.body) as { metadata: { name: string } }).map((o) => o.metadata.name)).toEqual(
      consoleAccessObjects().map((o) => o.object.metadata?.name),
    );
    for (const apply of applies) {
      expect(apply.headers['content-type']).toBe('application/apply-patch+yaml');
      expect(apply.url.searchParams.get('fieldManager')).toBe(CONSOLE_FIELD_MANAGER);
      expect(apply.url.searchParams.get('force')).toBe('true');
      expect(apply.headers['impersonate-user']).toBeUndefined();
    }
    const probes = seen.filter((r) => r.method === 'POST');
    expect(probes).toHaveLength(1);
    expect(probes[0]?.url.searchParams.get('dryRun')).toBe('All');
    expect(probes[0]?.headers['impersonate-group']).toBe('strata:operators');
  });

  it('sends no request for a user while the roles cannot be applied, and tries again on the next call', async () => {
    failApplies = 503;
    await expect(userConnection(store, clusterId, { username: 'otto', role: 'operator' })).rejects.toThrow(
      /^setting up the console's roles in the cluster: applying ClusterRole strata:viewer: etcd is not ready/,
    );
    expect(seen.filter((r) => r.headers['impersonate-user'] === 'strata:otto')).toHaveLength(0);
    failApplies = false;
    const conn = await userConnection(store, clusterId, { username: 'otto', role: 'operator' });
    await conn.core.listNamespacedPod({ namespace: 'shop' });
    expect(userReads()[0]?.headers['impersonate-user']).toBe('strata:otto');
  });

  it("reports credentials that may not set up the roles as the cluster's configuration, not as the user's role", async () => {
    failApplies = 403;
    const error = await userConnection(store, clusterId, { username: 'ada', role: 'admin' }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as Error).message).toMatch(/must be allowed to manage ClusterRoles.*impersonate/);
    expect(explainRoleDenial(error, 'admin')).toBe(error);
  });
});

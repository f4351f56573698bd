import type { V1ConfigMap } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError, NotAllowedError } from '@strata/errors';
import { startControlPlane, type TestControlPlane } from '@strata/testkit';
import type { ClusterConnection } from './connection';
import { listAll, listPage, listPages } from './list';
import { RESOURCES } from './resources';
import { adminConnection, createNamespace, impersonatingConnection } from './testing/control-plane-connection';

let cp: TestControlPlane;
let conn: ClusterConnection;
const ns = 'paging';

beforeAll(async () => {
  cp = await startControlPlane();
  conn = adminConnection(cp.kubeconfigPath);
  await createNamespace(conn, ns);
  for (let i = 0; i < 25; i++) {
    const name = `cm-${String(i).padStart(2, '0')}`;
    await conn.core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name, labels: { parity: i % 2 ? 'odd' : 'even' } } } });
  }
});

afterAll(async () => {
  await cp?.stop();
});

describe('listPage', () => {
  it('pages 25 configmaps by 10 with continue tokens over one snapshot', async () => {
    const first = await listPage<V1ConfigMap>(conn, RESOURCES.configmaps, { namespace: ns, limit: 10 });
    expect(first.items).toHaveLength(10);
    expect(first.continueToken).toBeTruthy();
    const second = await listPage<V1ConfigMap>(conn, RESOURCES.configmaps, { namespace: ns, limit: 10, continueToken: first.continueToken });
    expect(second.items).toHaveLength(10);
    const third = await listPage<V1ConfigMap>(conn, RESOURCES.configmaps, { namespace: ns, limit: 10, continueToken: second.continueToken });
    expect(third.items).toHaveLength(5);
    expect(third.continueToken).toBeUndefined();

    const names = [...first.items, ...second.items, ...third.items].map((c) => c.metadata?.name);
    expect(new Set(names).size).toBe(25);
    expect(names[0]).toBe('cm-00');
    expect(second.resourceVersion).toBe(first.resourceVersion);
    expect(third.resourceVersion).toBe(first.resourceVersion);
  });

  it('applies label and field selectors on the server', async () => {
    const odd = await listPage<V1ConfigMap>(conn, RESOURCES.configmaps, { namespace: ns, limit: 100, labelSelector: 'parity=odd' });
    expect(odd.items).toHaveLength(12);
    const one = await listPage<V1ConfigMap>(conn, RESOURCES.configmaps, { namespace: ns, limit: 100, fieldSelector: 'metadata.name=cm-07' });
    expect(one.items.map((c) => c.metadata?.name)).toEqual(['cm-07']);
  });

  it('lists a namespaced kind across all namespaces when no namespace is given', async () => {
    const page = await listPage(conn, RESOURCES.configmaps, { limit: 500 });
    const namespaces = new Set(page.items.map((c) => c.metadata?.namespace));
    expect(namespaces.has(ns)).toBe(true);
    expect(namespaces.has('kube-system')).toBe(true);
  });

  it.each([0, -1, 2.5])('rejects the page size %s', async (limit) => {
    await expect(listPage(conn, RESOURCES.configmaps, { namespace: ns, limit })).rejects.toBeInstanceOf(InputError);
  });

  it('maps a bad selector to InputError', async () => {
    await expect(listPage(conn, RESOURCES.configmaps, { namespace: ns, limit: 5, fieldSelector: 'spec.nope=1' })).rejects.toBeInstanceOf(InputError);
  });

  it('maps a forbidden list to NotAllowedError', async () => {
    const error = await listPage(impersonatingConnection(cp, 'jane'), RESOURCES.configmaps, { namespace: ns, limit: 5 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotAllowedError);
    expect((error as Error).message).toMatch(/^listing configmaps in paging: configmaps is forbidden: User "jane"/);
  });
});

describe('listPages', () => {
  it('yields each page in turn', async () => {
    const sizes: number[] = [];
    for await (const page of listPages(conn, RESOURCES.configmaps, { namespace: ns, limit: 10 })) sizes.push(page.items.length);
    expect(sizes).toEqual([10, 10, 5]);
  });
});

describe('listAll', () => {
  it('reads every page and returns the snapshot version', async () => {
    const all = await listAll<V1ConfigMap>(conn, RESOURCES.configmaps, { namespace: ns, limit: 7 });
    expect(all.items).toHaveLength(25);
    expect(Number(all.resourceVersion)).toBeGreaterThan(0);
  });

  it('lists cluster-scoped kinds', async () => {
    const all = await listAll(conn, RESOURCES.namespaces, { limit: 2 });
    expect(all.items.map((n) => n.metadata?.name)).toEqual(expect.arrayContaining(['default', 'kube-system', ns]));
  });
});

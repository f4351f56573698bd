import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConflictError, InputError, NotFoundError, StrataError } from '@strata/errors';
import { kubeconfigFixture } from '../testing/kubeconfig-fixture';
import { BACKENDS, openTestStore, type TestStore } from '../testing/test-stores';
import { validateKubeconfig } from './kubeconfig';
import { clusterKubeconfig, getCluster, importKubeconfig, listClusters, registerCluster, removeCluster } from './registry';

describe.each(BACKENDS)('cluster registry on %s', (backend) => {
  const keyA = randomBytes(32).toString('base64');
  // One store for the suite: every test registers clusters under names of its own, so the tests hold in any order.
  let test: TestStore;
  beforeAll(async () => {
    test = await openTestStore(backend, { STRATA_CONSOLE_SECRET_KEY: keyA });
  });
  afterAll(() => test.drop());

  it('lists metadata only, never credentials', async () => {
    const fixture = kubeconfigFixture({ server: 'https://10.0.0.1:6443' });
    const record = await registerCluster(test.store, { name: 'prod-eu', kubeconfig: fixture.yaml, source: 'installer', installDir: '/var/lib/strata/prod-eu' });
    expect(record).toMatchObject({ name: 'prod-eu', source: 'installer', server: 'https://10.0.0.1:6443', installDir: '/var/lib/strata/prod-eu' });
    expect(record.id).toMatch(/^cls_/);
    const listed = await listClusters(test.store);
    expect(listed.find((c) => c.id === record.id)).toEqual(record);
    const text = JSON.stringify(listed);
    expect(text).not.toContain(fixture.keyData);
    expect(text).not.toMatch(/kubeconfig|client-key|sealed/i);
    expect(await getCluster(test.store, record.id)).toEqual(record);
  });

  it('keeps the kubeconfig encrypted: the database never holds its key material', async () => {
    const fixture = kubeconfigFixture();
    const record = await importKubeconfig(test.store, 'staging', fixture.yaml);
    expect(record.source).toBe('import');
    const raw = await test.rawContent();
    expect(raw).not.toContain(fixture.keyData);
    expect(raw).not.toContain(fixture.keyPem.split('\n')[1]!);
    expect(raw).not.toContain(fixture.token);
    expect(raw).not.toContain('client-key-data');
    expect(await clusterKubeconfig(test.store, record.id)).toBe(validateKubeconfig(fixture.yaml).minified);
  });

  it('refuses to decrypt with another key, saying why', async () => {
    const record = await importKubeconfig(test.store, 'keyed', kubeconfigFixture().yaml);
    const other = await test.reopen({ STRATA_CONSOLE_SECRET_KEY: randomBytes(32).toString('base64') });
    const reading = clusterKubeconfig(other, record.id);
    await expect(reading).rejects.toBeInstanceOf(StrataError);
    await expect(reading).rejects.toThrow(/kubeconfig of cluster keyed was encrypted with another secret key/);
    const same = await test.reopen({ STRATA_CONSOLE_SECRET_KEY: keyA });
    expect(await clusterKubeconfig(same, record.id)).toContain('client-key-data');
  });

  it('refuses a sealed kubeconfig moved to another cluster row', async () => {
    const a = await importKubeconfig(test.store, 'row-a', kubeconfigFixture().yaml);
    const b = await importKubeconfig(test.store, 'row-b', kubeconfigFixture().yaml);
    await test.store.db.run('UPDATE clusters SET kubeconfig_sealed = (SELECT kubeconfig_sealed FROM clusters WHERE id = $1) WHERE id = $2', [a.id, b.id]);
    await expect(clusterKubeconfig(test.store, b.id)).rejects.toThrow(/integrity check/);
  });

  it('refuses a taken name and an invalid kubeconfig with its problems', async () => {
    await importKubeconfig(test.store, 'taken', kubeconfigFixture().yaml);
    await expect(importKubeconfig(test.store, 'taken', kubeconfigFixture().yaml)).rejects.toBeInstanceOf(ConflictError);
    const bad = importKubeconfig(test.store, 'broken', 'apiVersion: v1\nkind: Config\n');
    await expect(bad).rejects.toBeInstanceOf(InputError);
    await expect(bad).rejects.toMatchObject({ problems: [{ path: 'current-context' }] });
    await expect(importKubeconfig(test.store, 'bad name!', kubeconfigFixture().yaml)).rejects.toMatchObject({ problems: [{ path: 'name' }] });
  });

  it('removes clusters', async () => {
    const record = await importKubeconfig(test.store, 'short-lived', kubeconfigFixture().yaml);
    await removeCluster(test.store, record.id);
    expect(await getCluster(test.store, record.id)).toBeUndefined();
    await expect(removeCluster(test.store, record.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(clusterKubeconfig(test.store, record.id)).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('cluster registry with a generated key file', () => {
  it('creates the key file on first use and decrypts after a restart', async () => {
    const test = await openTestStore('sqlite');
    try {
      const record = await importKubeconfig(test.store, 'demo', kubeconfigFixture().yaml);
      expect(test.store.secretKey()).toMatchObject({ source: 'file' });
      const again = await test.reopen();
      expect(await clusterKubeconfig(again, record.id)).toContain('current-context: admin@demo');
    } finally {
      await test.drop();
    }
  });
});

import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { installedClustersDirFrom } from '@strata/install-contract';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { kubeconfigFixture } from '../testing/kubeconfig-fixture';
import { BACKENDS, openTestStore, type TestStore } from '../testing/test-stores';
import { installedClustersDir, syncInstalledClusters } from './installed-clusters';
import { clusterKubeconfig, importKubeconfig, listClusters } from './registry';

describe('installedClustersDir', () => {
  it.each([
    [{ STRATA_HOME: '/opt/strata' }, '/opt/strata/clusters'],
    [{ HOME: '/ignored' }, /\/\.strata\/clusters$/],
    [{ STRATA_HOME: '/opt/strata/' }, '/opt/strata/clusters'],
    [{ STRATA_HOME: '' }, /\/\.strata\/clusters$/],
  ])('follows STRATA_HOME: %j', (env, expected) => {
    expect(installedClustersDir(env)).toMatch(expected);
  });

  it.each([{}, { STRATA_HOME: 'rel/home' }, { STRATA_HOME: '/opt/strata/' }])('agrees with the contract the installer writes by for %j', (env) => {
    expect(installedClustersDir(env)).toBe(installedClustersDirFrom(env, homedir(), process.cwd()));
  });
});

describe.each(BACKENDS)('syncInstalledClusters on %s', (backend) => {
  let test: TestStore;
  let registryDir: string;

  function install(clusterId: string, name: string, server = 'https://127.0.0.1:6443'): string {
    const dir = join(test.dataDir, 'installs', name);
    mkdirSync(join(dir, 'auth'), { recursive: true });
    const kubeconfig = join(dir, 'auth', 'kubeconfig');
    writeFileSync(kubeconfig, kubeconfigFixture({ server, cluster: name }).yaml);
    mkdirSync(registryDir, { recursive: true });
    writeFileSync(
      join(registryDir, `${clusterId}.json`),
      JSON.stringify({ clusterId, name, dir, kubeconfig, apiUrl: server, installedAt: '2026-03-01T09:00:00Z' }),
    );
    return kubeconfig;
  }

  const ALPHA_ID = '0b5c9f4e-2a7d-4c1e-9f3b-6d8e1a2b3c4d';
  const NOTHING = { added: [], updated: [], removed: [], skipped: [] };

  /** Installs alpha and beta and syncs them into the registry. */
  async function installAlphaAndBeta() {
    install(ALPHA_ID, 'alpha');
    install('c-2222', 'beta', 'https://127.0.0.2:6443');
    const result = await syncInstalledClusters(test.store, { registryDir });
    expect(result.added.map((c) => c.name)).toEqual(['alpha', 'beta']);
  }

  // Every test starts from an empty store and an empty registry directory, so the tests hold in any order.
  beforeEach(async () => {
    test = await openTestStore(backend);
    registryDir = join(test.dataDir, 'home', 'clusters');
  });
  afterEach(() => test.drop());

  it('finds nothing in a missing registry directory', async () => {
    expect(await syncInstalledClusters(test.store, { registryDir })).toEqual(NOTHING);
  });

  it('registers every installed cluster with its kubeconfig sealed', async () => {
    install(ALPHA_ID, 'alpha');
    install('c-2222', 'beta', 'https://127.0.0.2:6443');
    const result = await syncInstalledClusters(test.store, { registryDir });
    expect(result.added.map((c) => [c.name, c.source, c.installId, c.server])).toEqual([
      ['alpha', 'installer', '0b5c9f4e-2a7d-4c1e-9f3b-6d8e1a2b3c4d', 'https://127.0.0.1:6443'],
      ['beta', 'installer', 'c-2222', 'https://127.0.0.2:6443'],
    ]);
    expect(result.added[0]?.installDir).toBe(join(test.dataDir, 'installs', 'alpha'));
    expect(await clusterKubeconfig(test.store, result.added[1]!.id)).toContain('https://127.0.0.2:6443');
  });

  it('changes nothing when run again', async () => {
    await installAlphaAndBeta();
    expect(await syncInstalledClusters(test.store, { registryDir })).toEqual(NOTHING);
  });

  it('refreshes a kubeconfig that changed', async () => {
    await installAlphaAndBeta();
    install('c-2222', 'beta', 'https://127.0.0.3:6443');
    const result = await syncInstalledClusters(test.store, { registryDir });
    expect(result.updated.map((c) => [c.name, c.server])).toEqual([['beta', 'https://127.0.0.3:6443']]);
  });

  it('skips unusable files and keeps going', async () => {
    install('c-5555', 'epsilon');
    writeFileSync(join(registryDir, 'c-broken.json'), '{ not json');
    writeFileSync(join(registryDir, 'c-partial.json'), JSON.stringify({ clusterId: 'c-partial', name: 'partial' }));
    writeFileSync(
      join(registryDir, 'c-3333.json'),
      JSON.stringify({ clusterId: 'c-3333', name: 'gamma', dir: '/nowhere', kubeconfig: '/nowhere/auth/kubeconfig' }),
    );
    await importKubeconfig(test.store, 'delta', kubeconfigFixture().yaml);
    install('c-4444', 'delta');
    const result = await syncInstalledClusters(test.store, { registryDir });
    expect(result.added.map((c) => c.name)).toEqual(['epsilon']);
    expect(result.skipped.map((s) => [s.file.split('/').pop(), s.reason])).toEqual([
      ['c-3333.json', expect.stringMatching(/kubeconfig \/nowhere\/auth\/kubeconfig is not readable: ENOENT/)],
      ['c-4444.json', 'a cluster named "delta" is already registered'],
      ['c-broken.json', expect.stringMatching(/not readable JSON/)],
      ['c-partial.json', expect.stringMatching(/dir: .*; kubeconfig: /)],
    ]);
  });

  it('removes installed clusters whose file is gone, and never imported ones', async () => {
    await installAlphaAndBeta();
    await importKubeconfig(test.store, 'delta', kubeconfigFixture().yaml);
    rmSync(join(registryDir, `${ALPHA_ID}.json`));
    const result = await syncInstalledClusters(test.store, { registryDir });
    expect(result.removed.map((c) => c.name)).toEqual(['alpha']);
    expect((await listClusters(test.store)).map((c) => c.name)).toEqual(['beta', 'delta']);
  });
});

import { describe, expect, it } from 'vitest';
import { parseInstalledCluster, serializeInstalledCluster, type InstalledClusterFile } from './installed-cluster';

const entry: InstalledClusterFile = {
  version: 1,
  clusterId: 'c-1',
  name: 'local',
  dir: '/d',
  kubeconfig: '/d/auth/kubeconfig',
  apiUrl: 'https://127.1.0.1:6443',
  installedAt: '2026-01-01T00:00:00.000Z',
};

describe('installed cluster file', () => {
  it('reads back what it writes', () => {
    expect(parseInstalledCluster(serializeInstalledCluster(entry))).toEqual(entry);
  });
  it('reads a file written before the version field as version 1', () => {
    const { version: _v, ...old } = entry;
    expect(parseInstalledCluster(JSON.stringify(old)).version).toBe(1);
  });
  it.each([
    [{ ...entry, version: 2 }, /^version: must be 1/],
    [{ ...entry, kubeconfig: '' }, /^kubeconfig: must be the absolute path/],
    [{ ...entry, clusterId: '../x' }, /^clusterId: must be a cluster id/],
  ])('names the bad field: %j', (bad, message) => {
    expect(() => parseInstalledCluster(JSON.stringify(bad))).toThrow(message);
  });
  it('rejects text that is not JSON', () => {
    expect(() => parseInstalledCluster('{')).toThrow(/not readable JSON/);
  });
});

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { installedClustersDirFrom, parseInstalledCluster } from '@strata/install-contract';
import { registerInstalledCluster, registryDir } from './registry';

describe('installed-clusters registry', () => {
  const saved = process.env['STRATA_HOME'];
  afterEach(() => {
    if (saved === undefined) delete process.env['STRATA_HOME'];
    else process.env['STRATA_HOME'] = saved;
  });

  it.each([{}, { STRATA_HOME: '' }, { STRATA_HOME: '/opt/strata/' }, { STRATA_HOME: 'rel/home' }])('lives where the console reads it for %j', (env) => {
    expect(registryDir(env)).toBe(installedClustersDirFrom(env, homedir(), process.cwd()));
  });

  it('writes a file the console-side parser reads back', () => {
    const home = mkdtempSync(join(tmpdir(), 'strata-home-'));
    try {
      process.env['STRATA_HOME'] = `${home}/`;
      const file = registerInstalledCluster({ clusterId: 'abc', name: 'local', dir: 'x', kubeconfig: 'x/auth/kubeconfig', apiUrl: 'https://127.1.0.1:6443' });
      expect(file).toBe(join(home, 'clusters', 'abc.json'));
      expect(parseInstalledCluster(readFileSync(file, 'utf8'))).toMatchObject({
        version: 1,
        clusterId: 'abc',
        name: 'local',
        kubeconfig: join(process.cwd(), 'x/auth/kubeconfig'),
      });
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCluster, type Cluster } from '@strata/cluster-config';
import { DRIVER_CONTRACT_VERSION, type Driver } from '@strata/driver-api';
import { exitCodeOf, InputError } from '@strata/errors';
import { WORKSPACE_ROOT } from '@strata/toolchain';
import { DRIVER_LOADERS, resolveDriver, type DriverLoaders } from '@strata/install-engine';

const work = mkdtempSync(join(tmpdir(), 'strata-drivers-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const LOCAL_DOCUMENT = {
  apiVersion: 'strata.dev/v1alpha1',
  kind: 'Cluster',
  metadata: { name: 'lazy' },
  spec: {
    platform: { local: { stateDir: join(work, 'state'), addressRange: '127.231.7.0/24' } },
    controlPlane: { replicas: 1 },
    workers: [{ name: 'default', replicas: 1 }],
  },
};
const local: Cluster = parseCluster(JSON.stringify(LOCAL_DOCUMENT));

/** A loader of a driver that is `real` with some fields replaced, recording that it was called. */
function loader(calls: string[], name: string, real: Driver, changes: Partial<Driver> = {}): () => Promise<Driver> {
  return () => {
    calls.push(name);
    return Promise.resolve({ ...real, ...changes });
  };
}

describe('resolveDriver', () => {
  it("loads the cluster's platform's driver and no other", async () => {
    const real = await DRIVER_LOADERS.local!();
    const calls: string[] = [];
    const loaders: DriverLoaders = {
      local: loader(calls, 'local', real),
      aws: loader(calls, 'aws', real, { platform: 'aws' }),
      azure: loader(calls, 'azure', real, { platform: 'azure' }),
    };
    const driver = await resolveDriver(loaders, local);
    expect(driver.platform).toBe('local');
    expect(calls).toEqual(['local']);
  });

  it('refuses a driver declaring another contract version with an InputError (exit code 2) naming both versions', async () => {
    const real = await DRIVER_LOADERS.local!();
    const error = await resolveDriver({ local: loader([], 'local', real, { contractVersion: 'v1alpha1' }) }, local).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toBe(`the local driver implements driver contract v1alpha1, but this installer needs ${DRIVER_CONTRACT_VERSION}`);
    expect((error as InputError).problems).toEqual([
      { path: 'spec.platform.local', message: expect.stringContaining(`built for contract ${DRIVER_CONTRACT_VERSION}`) },
    ]);
    expect(exitCodeOf(error)).toBe(2);
  });

  it('refuses a platform this build has no driver for, and a driver that serves another platform', async () => {
    const real = await DRIVER_LOADERS.local!();
    const missing = await resolveDriver({ aws: loader([], 'aws', real, { platform: 'aws' }) }, local).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(InputError);
    expect((missing as InputError).message).toBe('no driver for platform "local" in this build');
    expect((missing as InputError).problems).toEqual([
      { path: 'spec.platform.local', message: 'installing on local is not available yet; this build has drivers for: aws' },
    ]);
    await expect(resolveDriver({ local: loader([], 'local', real, { platform: 'aws' }) }, local)).rejects.toThrow(
      /the driver loaded for platform "local" serves platform "aws"/,
    );
  });
});

interface Resolved {
  specifier: string;
  url: string;
}

/** Cloud SDKs and the other platforms' drivers, by package name or source directory. */
const CLOUD_PACKAGES = /^(@aws-sdk\/|@azure\/|openstack|@strata\/driver-(aws|azure|openstack)\b)/;
function foreign({ specifier, url }: Resolved): boolean {
  const packagePath = url.includes('/node_modules/') ? url.slice(url.lastIndexOf('/node_modules/') + '/node_modules/'.length) : '';
  return CLOUD_PACKAGES.test(specifier) || CLOUD_PACKAGES.test(packagePath) || /\/libs\/driver-(aws|azure|openstack)\//.test(url);
}

describe('driver loading', () => {
  it.each([
    [{ specifier: '@aws-sdk/client-ec2', url: 'file:///w/node_modules/@aws-sdk/client-ec2/dist-es/index.js' }, true],
    [{ specifier: './commands/index.js', url: 'file:///w/node_modules/@azure/arm-compute/dist/esm/commands/index.js' }, true],
    [{ specifier: '@strata/driver-aws', url: 'file:///w/libs/driver-aws/src/index.ts' }, true],
    [{ specifier: './schema/platform-openstack.ts', url: 'file:///w/libs/cluster-config/src/schema/platform-openstack.ts' }, false],
    [{ specifier: '@strata/driver-local', url: 'file:///w/libs/driver-local/src/index.ts' }, false],
  ])('tells a cloud module from the rest: %j is foreign: %s', (resolved, expected) => {
    expect(foreign(resolved)).toBe(expected);
  });

  it('loads the local driver only when a local cluster needs it, and no cloud SDK or other driver on the local install path', () => {
    const record = join(work, 'modules.tsv');
    const clusterFile = join(work, 'cluster.json');
    writeFileSync(record, '');
    writeFileSync(clusterFile, JSON.stringify(LOCAL_DOCUMENT));
    const res = spawnSync(
      join(WORKSPACE_ROOT, 'node_modules/.bin/node'),
      ['--import', 'tsx', join(import.meta.dirname, '../testing/trace-driver-loading.ts'), record, clusterFile, join(work, 'cluster-dir')],
      { cwd: WORKSPACE_ROOT, encoding: 'utf8', timeout: 60_000, env: { ...process.env, STRATA_HOME: join(work, 'home') } },
    );
    expect(res.status, `${res.stdout}${res.stderr}`).toBe(0);

    // The record, split at the marks the script wrote between its steps.
    const phases: Resolved[][] = [[]];
    for (const line of readFileSync(record, 'utf8').split('\n').filter(Boolean)) {
      const [type, specifier = '', url = ''] = line.split('\t');
      if (type === 'mark') phases.push([]);
      else phases.at(-1)?.push({ specifier, url });
    }
    const [, commands = [], install = []] = phases;
    const driverLocal = (r: Resolved) => r.url.includes('/libs/driver-local/');
    expect(
      commands.some((r) => r.url.endsWith('/apps/installer/src/commands/install.ts')),
      'the record holds the command modules',
    ).toBe(true);
    expect(commands.filter(driverLocal)).toEqual([]);
    expect(install.some(driverLocal), 'resolving a local cluster loads the local driver').toBe(true);
    expect([...commands, ...install].filter(foreign)).toEqual([]);
  });
});

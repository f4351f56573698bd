import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { localAddressPlan, parseCluster, type Cluster } from '@strata/cluster-config';
import { writeAssetDirectory } from '@strata/bootstrap';
import { applyPlan, clusterTags, Journal, type DriverContext } from '@strata/driver-api';
import { localDriver } from './local-driver';
import { localPaths } from './paths';
import { describeHolder, portFree } from './port-holders';
import { processesWith } from './processes';

const work = mkdtempSync(join(tmpdir(), 'strata-bind-'));
const savedRuntimeDir = process.env['XDG_RUNTIME_DIR'];
const range = `127.${200 + Math.floor(Math.random() * 50)}.${Math.floor(Math.random() * 250)}.0/24`;

function cluster(): Cluster {
  return parseCluster(
    JSON.stringify({
      apiVersion: 'strata.dev/v1alpha1',
      kind: 'Cluster',
      metadata: { name: 'bind' },
      spec: {
        platform: { local: { stateDir: join(work, 'state'), addressRange: range } },
        controlPlane: { replicas: 1 },
        workers: [{ name: 'default', replicas: 1 }],
      },
    }),
  );
}

describe('a local install whose processes cannot bind', () => {
  let ctx: DriverContext;
  let squatter: ChildProcess;
  const c = cluster();
  const plan = localAddressPlan(c);
  const cpAddress = plan.machines[0]!.address;

  beforeAll(async () => {
    process.env['XDG_RUNTIME_DIR'] = join(work, 'runtime');
    const dir = join(work, 'assets');
    const { manifest } = await writeAssetDirectory(dir, c);
    ctx = {
      cluster: c,
      clusterId: manifest.clusterId,
      assetsDir: dir,
      ignitionFor: (m) => readFile(join(dir, 'ignition', `${m}.ign`), 'utf8'),
      tags: clusterTags(c.metadata.name, manifest.clusterId),
      journal: Journal.open(join(dir, 'state/journal.jsonl')),
      emit: () => undefined,
    };
    // Another program already holds the control-plane machine's etcd client port.
    squatter = spawn(process.execPath, ['-e', `require('node:net').createServer().listen(2379, '${cpAddress}')`], { stdio: 'ignore' });
    await vi.waitFor(async () => expect(await portFree(cpAddress, 2379)).toBe(false), { timeout: 10_000 });
  });

  afterAll(async () => {
    squatter.kill('SIGKILL');
    await localDriver.deleteOwned(ctx, { kind: 'address-range', id: 'addresses', description: '' }).catch(() => undefined);
    if (savedRuntimeDir === undefined) delete process.env['XDG_RUNTIME_DIR'];
    else process.env['XDG_RUNTIME_DIR'] = savedRuntimeDir;
    rmSync(work, { recursive: true, force: true });
  });

  it('is refused by validation before anything starts, naming the address, the process, the machine and the holder', async () => {
    const problems = await localDriver.validate(ctx);
    expect(problems).toContainEqual({
      path: 'spec.platform.local.addressRange',
      message: expect.stringContaining(`${cpAddress}:2379, needed by etcd client port of machine bind-cp-0, is already in use by pid ${squatter.pid}`),
    });
    expect(processesWith(`${localPaths(c).clusterDir}/`)).toEqual([]);
  });

  it('fails fast when the port is taken after validation, and leaves nothing of the cluster running or listening', async () => {
    const started = Date.now();
    await expect(applyPlan(localDriver, ctx, localDriver.plan(ctx))).rejects.toThrow(
      new RegExp(`etcd of machine bind-cp-0 cannot bind ${cpAddress.replace(/\./g, '\\.')}:2379: address already in use by pid ${squatter.pid}`),
    );
    // Far below the 180 s the API wait would otherwise take.
    expect(Date.now() - started).toBeLessThan(90_000);
    expect(processesWith(`${localPaths(c).clusterDir}/`)).toEqual([]);
    for (const [host, port] of [
      [plan.apiAddress, plan.apiPort],
      [cpAddress, plan.apiPort],
      [cpAddress, 2380],
      [plan.machines[1]!.address, 10248],
    ] as const) {
      expect(await portFree(host, port), `${host}:${port} ${describeHolder(host, port)}`).toBe(true);
    }
  }, 120_000);
});

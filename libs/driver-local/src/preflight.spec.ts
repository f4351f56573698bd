import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { cidrsOverlap, parseCluster, type Cluster } from '@strata/cluster-config';
import { clusterTags, Journal, type DriverContext } from '@strata/driver-api';
import { InputError } from '@strata/errors';
import { isProcessRunning } from '@strata/toolchain';
import { claimAddressRange } from './handlers/address-range';
import { portHolder } from './port-holders';
import { localPreflight } from './preflight';
import { liveRanges, rangeRegistryDir, suggestFreeRange } from './range-registry';

const work = mkdtempSync(join(tmpdir(), 'strata-preflight-'));
const savedRuntimeDir = process.env['XDG_RUNTIME_DIR'];

beforeAll(() => {
  // A registry of this test's own; the code under test finds it the way it finds the real one.
  process.env['XDG_RUNTIME_DIR'] = join(work, 'runtime');
});
afterAll(() => {
  if (savedRuntimeDir === undefined) delete process.env['XDG_RUNTIME_DIR'];
  else process.env['XDG_RUNTIME_DIR'] = savedRuntimeDir;
  rmSync(work, { recursive: true, force: true });
});

/** A random /24 in 127.200-249.x, away from ranges other local clusters of the suite pick. */
function randomRange(): string {
  return `127.${200 + Math.floor(Math.random() * 50)}.${Math.floor(Math.random() * 250)}.0/24`;
}

function cluster(name: string, stateDir: string, addressRange: string): Cluster {
  return parseCluster(
    JSON.stringify({
      apiVersion: 'strata.dev/v1alpha1',
      kind: 'Cluster',
      metadata: { name },
      spec: {
        platform: { local: { stateDir, addressRange } },
        controlPlane: { replicas: 1 },
        workers: [{ name: 'default', replicas: 1 }],
      },
    }),
  );
}

let ids = 0;
function context(c: Cluster): DriverContext {
  ids += 1;
  const clusterId = `id-${ids}-${Date.now()}`;
  const assetsDir = join(work, `assets-${ids}`);
  return {
    cluster: c,
    clusterId,
    assetsDir,
    ignitionFor: () => Promise.resolve('{}'),
    tags: clusterTags(c.metadata.name, clusterId),
    journal: Journal.open(join(assetsDir, 'journal.jsonl')),
    emit: () => undefined,
  };
}

describe('localPreflight: address ranges across state directories', () => {
  it('refuses a range overlapping a live cluster under another state directory, naming it and a free range', async () => {
    const range = randomRange();
    const a = context(cluster('alpha', join(work, 'state-a'), range));
    claimAddressRange(a);
    // A /23 that holds alpha's /24, in a state directory alpha never saw.
    const wider = `${range.split('.').slice(0, 2).join('.')}.${Number(range.split('.')[2]) & ~1}.0/23`;
    const b = cluster('beta', join(work, 'state-b'), wider);
    const problems = await localPreflight(b);
    expect(problems).toHaveLength(1);
    const [problem] = problems;
    expect(problem?.path).toBe('spec.platform.local.addressRange');
    expect(problem?.message).toContain(`overlaps ${range} of local cluster "alpha"`);
    const suggested = /e\.g\. (\S+)$/.exec(problem?.message ?? '')?.[1] ?? '';
    expect(suggested).toMatch(/\/23$/);
    expect(cidrsOverlap(suggested, range)).toBe(false);
    // The suggestion is really free.
    expect(await localPreflight(cluster('beta', join(work, 'state-b'), suggested))).toEqual([]);
  });

  it('lets the second of two racing claims fail before anything starts', () => {
    const range = randomRange();
    claimAddressRange(context(cluster('first', join(work, 'race-1'), range)));
    expect(() => claimAddressRange(context(cluster('second', join(work, 'race-2'), range)))).toThrow(InputError);
    expect(
      liveRanges()
        .filter((e) => e.addressRange === range)
        .map((e) => e.cluster),
    ).toEqual(['first']);
  });

  it('forgets a cluster whose installer died and whose processes are gone', async () => {
    const range = randomRange();
    const dead = spawn(process.execPath, ['-e', '']);
    await new Promise((r) => dead.once('exit', r));
    await vi.waitFor(() => expect(isProcessRunning(dead.pid!)).toBe(false));
    mkdirSync(rangeRegistryDir(), { recursive: true });
    const file = join(rangeRegistryDir(), 'crashed.json');
    writeFileSync(
      file,
      JSON.stringify({
        version: 1,
        clusterId: 'crashed',
        cluster: 'crashed',
        addressRange: range,
        clusterDir: join(work, 'state-crashed/crashed'),
        assetsDir: join(work, 'assets-crashed'),
        owner: { pid: dead.pid, startTime: '1' },
        registeredAt: new Date().toISOString(),
      }),
    );
    expect(await localPreflight(cluster('after', join(work, 'state-after'), range))).toEqual([]);
    expect(existsSync(file)).toBe(false);
  });

  it('keeps a cluster whose installer is gone while its processes still run', async () => {
    const range = randomRange();
    const clusterDir = join(work, 'state-orphan/orphan');
    // Stands in for a machine agent: a process whose command line names the cluster directory.
    const agent = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)', `${clusterDir}/machines/orphan-cp-0/root`], { stdio: 'ignore' });
    try {
      mkdirSync(rangeRegistryDir(), { recursive: true });
      writeFileSync(
        join(rangeRegistryDir(), 'orphan.json'),
        JSON.stringify({
          version: 1,
          clusterId: 'orphan',
          cluster: 'orphan',
          addressRange: range,
          clusterDir,
          assetsDir: work,
          owner: { pid: 999_999_999, startTime: null },
          registeredAt: new Date().toISOString(),
        }),
      );
      const problems = await localPreflight(cluster('late', join(work, 'state-late'), range));
      expect(problems.map((p) => p.message)).toEqual([expect.stringContaining(`overlaps ${range} of local cluster "orphan"`)]);
    } finally {
      agent.kill('SIGKILL');
    }
    // Once its last process is gone, the next reader drops the entry.
    await vi.waitFor(() => {
      liveRanges();
      expect(readdirSync(rangeRegistryDir())).not.toContain('orphan.json');
    });
  });
});

describe('localPreflight: ports', () => {
  const servers: Server[] = [];
  afterEach(async () => {
    for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
  });

  it('names the address and port, the process and machine that need it, and who holds it', async () => {
    const range = randomRange();
    const c = cluster('ports', join(work, 'state-ports'), range);
    const cpAddress = range.replace(/\.0\/24$/, '.2');
    const squatter = createServer();
    await new Promise<void>((r) => squatter.listen(2379, cpAddress, r));
    servers.push(squatter);
    const problems = await localPreflight(c);
    expect(problems).toEqual([
      {
        path: 'spec.platform.local.addressRange',
        message: expect.stringContaining(`${cpAddress}:2379, needed by etcd client port of machine ports-cp-0, is already in use by pid ${process.pid}`),
      },
    ]);
  });

  it("does not count the cluster's own processes left by a killed agent", async () => {
    const range = randomRange();
    const stateDir = join(work, 'state-own');
    const cpAddress = range.replace(/\.0\/24$/, '.2');
    // Stands in for an etcd whose agent died: its command line names the machine root.
    const leftover = spawn(
      process.execPath,
      ['-e', `require('node:net').createServer().listen(2379, '${cpAddress}')`, join(stateDir, 'own/machines/own-cp-0/root')],
      { stdio: 'ignore' },
    );
    try {
      await vi.waitFor(() => expect(portHolder(cpAddress, 2379)?.pid).toBe(leftover.pid));
      expect(await localPreflight(cluster('own', stateDir, range))).toEqual([]);
      // The same listener under another cluster's name is in the way.
      expect((await localPreflight(cluster('other', join(work, 'state-other'), range))).map((p) => p.message)).toEqual([
        expect.stringContaining(`${cpAddress}:2379, needed by etcd client port of machine other-cp-0, is already in use by pid ${leftover.pid}`),
      ]);
    } finally {
      leftover.kill('SIGKILL');
    }
  });

  it('passes when every address and port is free', async () => {
    expect(await localPreflight(cluster('free', join(work, 'state-free'), randomRange()))).toEqual([]);
  });
});

describe('suggestFreeRange', () => {
  it.each([
    ['127.1.0.0/24', [], '127.1.1.0/24'],
    ['127.1.0.0/24', ['127.1.1.0/24', '127.1.2.0/23'], '127.1.4.0/24'],
    ['127.1.0.0/16', ['127.2.0.0/16'], '127.3.0.0/16'],
    ['127.255.255.0/24', [], '127.0.1.0/24'],
  ])('after %s with %j taken offers %s', (range, taken, expected) => {
    expect(suggestFreeRange(range, taken)).toBe(expected);
  });
});

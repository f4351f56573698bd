import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UPDATE_ENGINE_CONFIG } from '@strata/bootstrap';
import { startUpdateServerProcess, type UpdateServerProcess } from '@strata/testkit';
import { eventually, kubectl, writeLocalCluster } from '../testing/local-cluster';
import { runCli } from '../testing/run-cli';

const V2 = '4231.0.0';
const work = mkdtempSync(join(tmpdir(), 'strata-os-update-'));
const dir = join(work, 'upd');
const machines = ['upd-cp-0', 'upd-default-0'];
const rootOf = (machine: string) => join(work, 'state/upd/machines', machine, 'root');

function readJson(path: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

function osImages(): Record<string, string> {
  const nodes = JSON.parse(kubectl(join(dir, 'auth/kubeconfig'), ['get', 'nodes', '-o', 'json'])) as {
    items: { metadata: { name: string }; status: { nodeInfo: { osImage: string } } }[];
  };
  return Object.fromEntries(nodes.items.map((n) => [n.metadata.name, n.status.nodeInfo.osImage]));
}

describe('an OS update of a running local cluster through the update server', () => {
  let server: UpdateServerProcess | undefined;
  let base: string;
  const dataDir = join(work, 'update-server');
  const keyFile = join(work, 'signing.key');
  const serverFlags = () => ['--server', base, '--token-file', join(dataDir, 'admin-token')];

  beforeAll(async () => {
    server = await startUpdateServerProcess({ dataDir });
    base = server.url;

    const pair = generateKeyPairSync('ed25519');
    writeFileSync(keyFile, pair.privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 });
    const doc = writeLocalCluster(work, { name: 'upd', controlPlane: 1, workers: 1 });
    const pem = pair.publicKey.export({ format: 'pem', type: 'spki' }).toString();
    writeFileSync(
      doc,
      readFileSync(doc, 'utf8') +
        [
          '  os:',
          `    updateServer: ${base}/v1/update/`,
          '    updatePayloadKeys:',
          '      - |',
          ...pem
            .trim()
            .split('\n')
            .map((l) => `        ${l}`),
          '',
        ].join('\n'),
    );
    const res = runCli(['install', '-f', doc, '--dir', dir], { timeoutMs: 400_000 });
    expect(res.code, res.stderr + res.stdout).toBe(0);
  }, 480_000);

  afterAll(async () => {
    runCli(['destroy', '--dir', dir]);
    await server?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it('boots every machine from its factory /usr slot, builds and publishes the next version, and after two reboots every Node runs it', async () => {
    for (const m of machines) expect(readJson(join(rootOf(m), 'run/boot.json'))).toMatchObject({ slot: 'usr-a', trial: false });
    const before = osImages();
    expect(Object.keys(before).sort()).toEqual(machines);
    for (const image of Object.values(before)) expect(image).not.toContain(V2);

    const payload = join(work, `strata-usr-${V2}.payload`);
    const built = runCli(['os', 'build-image', '--version', V2, '--key', keyFile, '--out', payload], { timeoutMs: 120_000 });
    expect(built.code, built.stderr + built.stdout).toBe(0);
    const published = runCli(['updates', 'publish', payload, '--version', V2, '--channel', 'stable', ...serverFlags()], { timeoutMs: 120_000 });
    expect(published.code, published.stderr + published.stdout).toBe(0);

    // What an operator sets in /etc/strata/update-engine.json to check at once rather than
    // 7 minutes after boot; the engine reads it when the machine boots.
    for (const m of machines) {
      const path = join(rootOf(m), UPDATE_ENGINE_CONFIG);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(
        path,
        JSON.stringify({ initialDelaySeconds: 0, checkIntervalSeconds: 2, checkFuzzSeconds: 0, retryInitialSeconds: 2, healthPollSeconds: 1 }),
      );
    }
    const first = runCli(['os', 'reboot', '--dir', dir, '--timeout', '180'], { timeoutMs: 400_000 });
    expect(first.code, first.stderr + first.stdout).toBe(0);
    for (const m of machines) {
      await eventually(
        `${m} has ${V2} staged in its passive slot`,
        () => {
          const s = readJson(join(rootOf(m), 'run/update-engine.status.json'));
          return s?.['status'] === 'updated_need_reboot' && s['newVersion'] === V2;
        },
        180_000,
      );
      expect(readJson(join(rootOf(m), 'run/boot.json'))).toMatchObject({ slot: 'usr-a' });
    }

    const second = runCli(['os', 'reboot', '--dir', dir, '--timeout', '180', '--output', 'json'], { timeoutMs: 400_000 });
    expect(second.code, second.stderr + second.stdout).toBe(0);
    const rebooted = (JSON.parse(second.stdout) as { machines: { machine: string; slot: string; version: string }[] }).machines;
    expect(rebooted.map((r) => [r.machine, r.slot, r.version])).toEqual(machines.map((m) => [m, 'usr-b', V2]));
    for (const m of machines) {
      // The trial boot passes its health gate, so the new slot is kept for good.
      await eventually(`${m} confirmed its ${V2} slot`, () => readJson(join(rootOf(m), 'run/update-engine.status.json'))?.['healthGate'] === 'passed', 180_000);
      const table = readJson(join(rootOf(m), 'boot/partition-table.json')) as { slots: Record<string, { successful: number; version: string }> } | undefined;
      expect(table?.slots['usr-b']).toMatchObject({ successful: 1, version: V2 });
    }
    await eventually(
      `every Node reports ${V2} as its osImage`,
      () => {
        const images = osImages();
        return machines.every((m) => images[m]?.startsWith(`Strata Container Linux ${V2}`)) && images;
      },
      120_000,
    );

    const status = runCli(['updates', 'status', ...serverFlags(), '--output', 'json'], { timeoutMs: 60_000 });
    expect(status.code, status.stderr + status.stdout).toBe(0);
    expect(status.stdout).toContain(V2);
  }, 900_000);
});

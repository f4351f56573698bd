import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubectl, writeLocalCluster } from '../testing/local-cluster';
import { runCli } from '../testing/run-cli';
import type { GatherManifest } from '@strata/install-engine/gather';

const work = mkdtempSync(join(tmpdir(), 'strata-gather-'));

/** The archive unpacked with the system's tar: file path inside the archive → text. */
function unpack(archive: string): Map<string, string> {
  const into = mkdtempSync(join(work, 'unpacked-'));
  const res = spawnSync('tar', ['-xzf', archive, '-C', into], { encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`tar -xzf ${archive}: ${res.stderr}`);
  const files = new Map<string, string>();
  const [top] = readdirSync(into);
  const base = join(into, top ?? '');
  for (const e of readdirSync(base, { recursive: true, withFileTypes: true })) {
    if (e.isFile()) files.set(join(e.parentPath, e.name).slice(base.length + 1), readFileSync(join(e.parentPath, e.name), 'utf8'));
  }
  return files;
}

/** The start of the base64 body of every private key in the cluster directory. */
function privateKeyBodies(dir: string): string[] {
  const bodies: string[] = [];
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!e.isFile() || !/\.(key|kubeconfig)$/.test(e.name)) continue;
    const text = readFileSync(join(e.parentPath, e.name), 'utf8');
    for (const m of text.matchAll(/PRIVATE KEY-----\s*([A-Za-z0-9+/=\s]+?)-----END/g)) bodies.push((m[1] ?? '').replace(/\s+/g, '').slice(0, 40));
    for (const m of text.matchAll(/client-key-data:\s*(\S+)/g)) bodies.push((m[1] ?? '').slice(0, 40));
  }
  return bodies;
}

function gatherOf(dir: string, out: string) {
  const res = runCli(['gather', '--dir', dir, '--out', out, '--output', 'json'], { timeoutMs: 120_000 });
  expect(res.code, res.stderr + res.stdout).toBe(0);
  return { result: JSON.parse(res.stdout) as GatherManifest & { archive: string }, files: unpack(out) };
}

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('strata gather on a cluster directory whose machines never started', () => {
  it('writes the document, the asset list and a manifest saying what it could not reach, without any key', () => {
    const doc = writeLocalCluster(work, { name: 'gone', controlPlane: 1, workers: 1 });
    const dir = join(work, 'gone');
    const assets = runCli(['create', 'assets', '-f', doc, '--dir', dir]);
    expect(assets.code, assets.stderr).toBe(0);
    const { result, files } = gatherOf(dir, join(work, 'gone.tar.gz'));
    expect([...files.keys()]).toEqual(expect.arrayContaining(['manifest.json', 'cluster.yaml', 'assets.json']));
    const manifest = JSON.parse(files.get('manifest.json') ?? '{}') as GatherManifest;
    expect(manifest).toEqual(expect.objectContaining({ cluster: 'gone', platform: 'local' }));
    expect(manifest.skipped.map((s) => s.what)).toEqual(expect.arrayContaining(['state/journal.jsonl', 'machines/gone-cp-0', 'api']));
    expect(manifest.skipped.find((s) => s.what === 'api')?.reason).toMatch(/the API does not answer/);
    expect(result.collected.map((c) => c.path)).toEqual(manifest.collected.map((c) => c.path));
    const all = [...files.values()].join('\n');
    for (const body of privateKeyBodies(dir)) expect(all).not.toContain(body);
    expect(all).not.toMatch(/PRIVATE KEY/);
  });

  it('refuses to overwrite an archive and names the flag', () => {
    const res = runCli(['gather', '--dir', join(work, 'gone'), '--out', join(work, 'gone.tar.gz')]);
    expect(res.code).toBe(2);
    expect(res.stderr + res.stdout).toMatch(/already exists/);
  });
});

describe('strata gather on a running cluster', () => {
  const dir = join(work, 'live');
  const planted = {
    secret: 'planted-secret-value-5f3a9c71',
    token: 'planted-token-8c1d2e4f6a0b',
    bearer: 'plantedbearer0a1b2c3d4e5f',
    key: ['-----BEGIN PRIVATE KEY-----', 'MC4CAQAwBQYDK2VwBCIEIPlantedPlantedPlantedPlantedPlanted0000', '-----END PRIVATE KEY-----'].join('\n'),
  };

  beforeAll(() => {
    const doc = writeLocalCluster(work, { name: 'live', controlPlane: 1, workers: 1 });
    const res = runCli(['install', '-f', doc, '--dir', dir], { timeoutMs: 400_000 });
    expect(res.code, res.stderr + res.stdout).toBe(0);
  }, 420_000);

  afterAll(() => {
    runCli(['destroy', '--dir', dir]);
  });

  it('collects the API, etcd and every machine, and no planted secret, key or token reaches the archive', () => {
    const kubeconfig = join(dir, 'auth/kubeconfig');
    kubectl(kubeconfig, ['create', 'secret', 'generic', 'planted', '-n', 'default', `--from-literal=password=${planted.secret}`]);
    appendFileSync(join(dir, 'install.log'), `debug token: ${planted.token}\nAuthorization: Bearer ${planted.bearer}\n`);
    const podLogs = join(work, 'state/live/machines/live-cp-0/root/var/log/pods');
    mkdirSync(podLogs, { recursive: true });
    appendFileSync(join(podLogs, 'planted.log'), `a process printed its key:\n${planted.key}\n`);

    const { result, files } = gatherOf(dir, join(work, 'live.tar.gz'));
    const paths = [...files.keys()];
    expect(paths).toEqual(
      expect.arrayContaining([
        'manifest.json',
        'cluster.yaml',
        'state/journal.jsonl',
        'install.log',
        'api/readyz.txt',
        'api/nodes.json',
        'api/pods.json',
        'api/events.json',
        'api/leases.json',
        'api/secret-names.txt',
        'etcd/members.json',
        'etcd/live-cp-0/health.json',
        'machines/live-cp-0/node-agent.log',
        'machines/live-cp-0/ignition.txt',
        'machines/live-cp-0/boot/partition-table.json',
        'machines/live-default-0/node-agent.log',
      ]),
    );
    expect(paths.some((p) => p.startsWith('machines/live-cp-0/var/log/pods/') && p.includes('kube-apiserver'))).toBe(true);
    const nodes = JSON.parse(files.get('api/nodes.json') ?? '{}') as { items: { metadata: { name: string } }[] };
    expect(nodes.items.map((n) => n.metadata.name).sort()).toEqual(['live-cp-0', 'live-default-0']);
    expect((JSON.parse(files.get('etcd/members.json') ?? '{}') as { members: unknown[] }).members).toHaveLength(1);
    expect(JSON.parse(files.get('etcd/live-cp-0/health.json') ?? '{}')).toMatchObject({ health: 'true' });
    expect(files.get('api/secret-names.txt')).toContain('default/planted');

    const all = [...files.values()].join('\n');
    for (const value of [planted.secret, planted.token, planted.bearer, 'PlantedPlantedPlanted']) expect(all).not.toContain(value);
    for (const body of privateKeyBodies(dir)) expect(all).not.toContain(body);
    const manifest = JSON.parse(files.get('manifest.json') ?? '{}') as GatherManifest;
    expect(manifest.redacted.find((r) => r.path === 'install.log')?.hits).toMatchObject({ 'secret field': 1, 'bearer token': 1 });
    expect(manifest.redacted.find((r) => r.path === 'machines/live-cp-0/var/log/pods/planted.log')?.hits).toMatchObject({ 'private key': 1 });
    expect(result.skipped.map((s) => s.what)).not.toContain('api');
    expect(existsSync(join(work, 'live.tar.gz'))).toBe(true);
  }, 300_000);
});

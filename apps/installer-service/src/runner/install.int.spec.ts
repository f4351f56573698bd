import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InstallSnapshotSchema, type InstallSnapshot } from '@strata/install-contract';
import { startInstallerServiceProcess, type InstallerServiceProcess } from '@strata/testkit';
import { binaryPath } from '@strata/toolchain';
import { tarEntries } from '../testing/archive';
import { localDocument, readEvents, serviceClient, type ServiceClient } from '../testing/service-client';

let work: string;
let proc: InstallerServiceProcess;
let client: ServiceClient;
let snapshot: InstallSnapshot;
const home = () => join(work, 'home');

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'strata-service-install-'));
  proc = await startInstallerServiceProcess({ env: { STRATA_HOME: home() } });
  client = serviceClient(proc.url, proc.token);
});
afterAll(async () => {
  if (snapshot && !['destroyed'].includes(snapshot.state)) {
    await client.call('POST', `/v1/installs/${snapshot.id}/destroy`, { role: 'admin', body: { confirm: snapshot.cluster } });
    await readEvents(client, snapshot.id, { lastEventId: snapshot.lastSeq, timeoutMs: 120_000 });
  }
  await proc?.stop();
  rmSync(work, { recursive: true, force: true });
  rmSync(proc.dataDir, { recursive: true, force: true });
});

describe('a local install through the API', () => {
  it('reaches a ready cluster, with every phase timed, every step created and every machine listed', { timeout: 500_000 }, async () => {
    const document = localDocument(work, { name: 'svc-full', controlPlane: 1, workers: 1 });
    const created = await client.call<InstallSnapshot>('POST', '/v1/installs', {
      role: 'operator',
      headers: { 'idempotency-key': `full-${Date.now()}` },
      body: { document },
    });
    expect(created.status, created.text).toBe(201);
    const stream = await readEvents(client, created.body.id, { timeoutMs: 450_000 });
    expect(stream.ended).toBe(true);
    snapshot = InstallSnapshotSchema.parse((await client.call('GET', `/v1/installs/${created.body.id}`, { role: 'viewer' })).body);
    expect(snapshot.state, JSON.stringify(snapshot.error)).toBe('succeeded');
    expect(snapshot.phases.map((p) => p.id)).toEqual(['assets', 'platform', 'infrastructure', 'addons', 'nodes', 'addons-ready', 'kubeconfig']);
    for (const phase of snapshot.phases) {
      expect(phase.state).toBe('succeeded');
      expect(phase.durationMs).toBeGreaterThanOrEqual(0);
    }
    expect(snapshot.steps.length).toBeGreaterThan(0);
    expect(snapshot.steps.every((s) => s.state === 'created')).toBe(true);
    expect(snapshot.machines.map((m) => [m.name, m.role, m.state])).toEqual([
      ['svc-full-cp-0', 'control-plane', 'running'],
      ['svc-full-default-0', 'worker', 'running'],
    ]);
    expect(snapshot.machines.every((m) => m.addresses.length > 0)).toBe(true);
    expect(snapshot.result?.apiUrl).toMatch(/^https:\/\/127\./);
    expect(stream.frames.map((f) => Number(f.id))).toEqual(Array.from({ length: snapshot.lastSeq }, (_, i) => i + 1));

    // Registered for the console, without an import.
    const registry = join(home(), 'clusters');
    expect(readdirSync(registry).some((f) => f.includes(snapshot.result?.clusterId ?? '-'))).toBe(true);
  });

  it('hands out the admin kubeconfig to admins only, and every node is Ready with it', async () => {
    expect((await client.call('GET', `/v1/installs/${snapshot.id}/kubeconfig`, { role: 'operator' })).status).toBe(403);
    const kubeconfig = await client.call('GET', `/v1/installs/${snapshot.id}/kubeconfig`, { role: 'admin' });
    expect(kubeconfig.status).toBe(200);
    const file = join(work, 'admin.kubeconfig');
    writeFileSync(file, kubeconfig.text, { mode: 0o600 });
    const nodes = spawnSync(
      binaryPath('kubectl'),
      ['--kubeconfig', file, 'get', 'nodes', '-o', 'jsonpath={range .items[*]}{.metadata.name}={.status.conditions[?(@.type=="Ready")].status} {end}'],
      {
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    expect(nodes.stdout.trim().split(' ').sort()).toEqual(['svc-full-cp-0=True', 'svc-full-default-0=True']);
  });

  it('downloads the document, the redacted log and the assets without keys unless an admin asks for secrets', async () => {
    const doc = await client.call('GET', `/v1/installs/${snapshot.id}/document`, { role: 'viewer' });
    expect(doc.text).toContain('metadata: {name: svc-full}');
    const logs = await client.call('GET', `/v1/installs/${snapshot.id}/logs`, { role: 'viewer' });
    expect(logs.headers.get('content-type')).toContain('text/plain');
    expect(logs.text).toContain('install of cluster svc-full complete');
    expect(logs.text).not.toMatch(/PRIVATE KEY|client-key-data: [A-Za-z0-9]/);

    const fetchArchive = async (role: 'viewer' | 'operator' | 'admin', secrets: boolean) =>
      fetch(`${client.url}/v1/installs/${snapshot.id}/assets${secrets ? '?secrets=true' : ''}`, {
        headers: { authorization: `Bearer ${client.token}`, 'x-strata-user': 'alice', 'x-strata-role': role },
      });
    const plain = await fetchArchive('viewer', false);
    expect(plain.status).toBe(200);
    const entries = tarEntries(Buffer.from(await plain.arrayBuffer()));
    expect(entries).toContain('svc-full-assets/pki/ca.crt');
    expect(entries.filter((e) => e.endsWith('.key') || e.includes('kubeconfig') || e.endsWith('.ign'))).toEqual([]);
    expect((await fetchArchive('operator', true)).status).toBe(403);
    const withSecrets = tarEntries(Buffer.from(await (await fetchArchive('admin', true)).arrayBuffer()));
    expect(withSecrets).toContain('svc-full-assets/pki/ca.key');
  });

  it('destroys the cluster and takes it out of the registry', { timeout: 200_000 }, async () => {
    const accepted = await client.call<InstallSnapshot>('POST', `/v1/installs/${snapshot.id}/destroy`, { role: 'admin', body: { confirm: 'svc-full' } });
    expect(accepted.status).toBe(202);
    const stream = await readEvents(client, snapshot.id, { lastEventId: snapshot.lastSeq, timeoutMs: 180_000 });
    expect(stream.ended).toBe(true);
    snapshot = (await client.call<InstallSnapshot>('GET', `/v1/installs/${snapshot.id}`, { role: 'viewer' })).body;
    expect(snapshot.state, JSON.stringify(snapshot.error)).toBe('destroyed');
    expect(snapshot.steps.every((s) => s.state === 'deleted')).toBe(true);
    const registry = join(home(), 'clusters');
    expect(existsSync(registry) ? readdirSync(registry) : []).toEqual([]);
  });
});

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCluster } from '@strata/cluster-config';
import type { InstallSnapshot } from '@strata/install-contract';
import { clusterFiles, driverContext, driverFor } from '@strata/install-engine';
import { startInstallerServiceProcess, type InstallerServiceProcess } from '@strata/testkit';
import { localDocument, readEvents, serviceClient, type ServiceClient } from '../testing/service-client';

const work = mkdtempSync(join(tmpdir(), 'strata-service-kill-'));
const env = { STRATA_HOME: join(work, 'home') };
let proc: InstallerServiceProcess | undefined;
let installId: string | undefined;

afterAll(async () => {
  // Whatever happened above, nothing of the cluster outlives the spec.
  if (proc && installId) {
    const client = serviceClient(proc.url, proc.token);
    const current = (await client.call<InstallSnapshot>('GET', `/v1/installs/${installId}`, { role: 'viewer' })).body;
    if (current.state !== 'destroyed') {
      await client.call('POST', `/v1/installs/${installId}/destroy`, { role: 'admin', body: { confirm: current.cluster } });
      await readEvents(client, installId, { lastEventId: current.lastSeq, timeoutMs: 120_000 });
    }
  }
  await proc?.stop();
  if (proc) rmSync(proc.dataDir, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
});

async function snapshotOf(client: ServiceClient, id: string): Promise<InstallSnapshot> {
  return (await client.call<InstallSnapshot>('GET', `/v1/installs/${id}`, { role: 'viewer' })).body;
}

/** `created` journal records per step: more than one would mean a resource made twice. */
function createdRecords(dir: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const line of readFileSync(clusterFiles(dir).journal, 'utf8').split('\n').filter(Boolean)) {
    const record = JSON.parse(line) as { step: string; event: string };
    if (record.event === 'created') counts.set(record.step, (counts.get(record.step) ?? 0) + 1);
  }
  return counts;
}

describe('an install whose service is killed', () => {
  it(
    'is interrupted after kill -9 during infrastructure, and resumes through the journal to the same resources and one event history',
    { timeout: 600_000 },
    async () => {
      proc = await startInstallerServiceProcess({ env });
      let client = serviceClient(proc.url, proc.token);
      const document = localDocument(work, { name: 'svc-kill', controlPlane: 1, workers: 2 });
      const created = await client.call<InstallSnapshot>('POST', '/v1/installs', {
        role: 'operator',
        headers: { 'idempotency-key': `kill-${Date.now()}` },
        body: { document, until: 'infrastructure' },
      });
      expect(created.status, created.text).toBe(201);
      installId = created.body.id;

      // Kill the service while a step of the infrastructure is being created.
      const deadline = Date.now() + 120_000;
      for (;;) {
        const s = await snapshotOf(client, installId);
        const infrastructure = s.phases.find((p) => p.id === 'infrastructure');
        if (infrastructure?.state === 'running' && s.steps.some((step) => step.state === 'creating')) break;
        expect(s.state, JSON.stringify(s.error)).not.toBe('failed');
        if (Date.now() > deadline) throw new Error(`infrastructure never ran: ${JSON.stringify(s)}`);
        await sleep(50);
      }
      await proc.kill('SIGKILL');

      proc = await startInstallerServiceProcess({ dataDir: proc.dataDir, env });
      client = serviceClient(proc.url, proc.token);
      const interrupted = await snapshotOf(client, installId);
      expect(interrupted.state).toBe('interrupted');
      expect(interrupted.error?.message).toContain('infrastructure');
      expect(interrupted.phases.find((p) => p.id === 'infrastructure')).toMatchObject({ state: 'running', message: expect.stringContaining('interrupted') });
      expect(interrupted.steps.filter((s) => s.state === 'creating').length).toBeGreaterThan(0);

      const resumed = await client.call<InstallSnapshot>('POST', `/v1/installs/${installId}/resume`, { role: 'operator' });
      expect(resumed.status, resumed.text).toBe(202);
      const tail = await readEvents(client, installId, { lastEventId: interrupted.lastSeq, timeoutMs: 300_000 });
      expect(tail.ended).toBe(true);
      const done = await snapshotOf(client, installId);
      expect(done.state, JSON.stringify(done.error)).toBe('succeeded');
      expect(done.phases.find((p) => p.id === 'infrastructure')?.state).toBe('succeeded');
      expect(done.steps.every((s) => s.state === 'created' || s.state === 'adopted' || s.state === 'unchanged')).toBe(true);

      // One history: every event once, numbered 1..N without a gap, across the kill.
      const history = await readEvents(client, installId, { after: 0 });
      expect(history.frames.map((f) => Number(f.id))).toEqual(Array.from({ length: done.lastSeq }, (_, i) => i + 1));

      // The same resources: each step created once in the journal, and the provider holds exactly the plan's.
      const dir = join(proc.dataDir, 'clusters', installId);
      const counts = createdRecords(dir);
      expect([...counts.values()].every((n) => n === 1)).toBe(true);
      expect([...counts.keys()].sort()).toEqual(done.steps.map((s) => s.id).sort());
      const cluster = parseCluster(document);
      const driver = await driverFor(cluster);
      const owned = await driver.sweep(driverContext(cluster, done.result?.clusterId ?? '', dir, () => undefined));
      expect(
        owned
          .filter((r) => r.kind === 'machine')
          .map((r) => r.id)
          .sort(),
      ).toEqual(['svc-kill-cp-0', 'svc-kill-default-0', 'svc-kill-default-1']);
      expect(owned.filter((r) => r.kind === 'load-balancer')).toHaveLength(1);

      const destroy = await client.call('POST', `/v1/installs/${installId}/destroy`, { role: 'admin', body: { confirm: 'svc-kill' } });
      expect(destroy.status).toBe(202);
      const end = await readEvents(client, installId, { lastEventId: done.lastSeq, timeoutMs: 120_000 });
      expect(end.ended).toBe(true);
      expect((await snapshotOf(client, installId)).state).toBe('destroyed');
    },
  );
});

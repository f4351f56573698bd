import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InstallSnapshot } from '@strata/install-contract';
import { localDocument, readEvents, startTestService, type TestService } from '../testing/service-client';

let work: string;
let svc: TestService;
let restarted: TestService | undefined;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'strata-service-cancel-'));
  svc = await startTestService({ heartbeatMs: 100 });
});
/** Installs to destroy if a test stops before it does, so no machine outlives the spec. */
const leftovers: { client: () => TestService | undefined; id: string; cluster: string }[] = [];

afterAll(async () => {
  for (const { client, id, cluster } of leftovers) {
    const c = client();
    const current = c && (await c.call<InstallSnapshot>('GET', `/v1/installs/${id}`, { role: 'viewer' })).body;
    if (!c || !current || current.state === 'destroyed') continue;
    if (current.state === 'running' || current.state === 'pending') {
      await c.call('POST', `/v1/installs/${id}/cancel`, { role: 'operator' });
      await readEvents(c, id, { lastEventId: current.lastSeq, timeoutMs: 60_000 });
    }
    await c.call('POST', `/v1/installs/${id}/destroy`, { role: 'admin', body: { confirm: cluster } });
    await readEvents(c, id, { timeoutMs: 120_000 });
  }
  await restarted?.close();
  await svc.close();
  rmSync(work, { recursive: true, force: true });
});

describe('cancel', () => {
  it(
    'aborts an install during infrastructure, ends it cancelled with a heartbeat-kept stream, and destroy then removes what it made',
    { timeout: 300_000 },
    async () => {
      const document = localDocument(work, { name: 'svc-cancel', controlPlane: 1, workers: 1 });
      const created = await svc.call<InstallSnapshot>('POST', '/v1/installs', {
        role: 'operator',
        headers: { 'idempotency-key': `cancel-${Date.now()}` },
        body: { document, until: 'infrastructure' },
      });
      expect(created.status, created.text).toBe(201);
      const id = created.body.id;
      leftovers.push({ client: () => svc, id, cluster: 'svc-cancel' });
      const stream = readEvents(svc, id, { timeoutMs: 120_000 });

      for (;;) {
        const s = (await svc.call<InstallSnapshot>('GET', `/v1/installs/${id}`, { role: 'viewer' })).body;
        if (s.phases.find((p) => p.id === 'infrastructure')?.state === 'running') break;
        expect(['pending', 'running']).toContain(s.state);
        await sleep(50);
      }
      await sleep(300);
      const cancelled = await svc.call<InstallSnapshot>('POST', `/v1/installs/${id}/cancel`, { role: 'operator' });
      expect(cancelled.status, cancelled.text).toBe(202);
      expect(cancelled.body.state).toBe('cancelling');

      const { frames, comments, ended } = await stream;
      expect(ended).toBe(true);
      expect(comments).toContain('heartbeat');
      const states = frames.filter((f) => f.event === 'state').map((f) => (JSON.parse(f.data ?? '{}') as { state: string }).state);
      expect(states.slice(-2)).toEqual(['cancelling', 'cancelled']);
      const snapshot = (await svc.call<InstallSnapshot>('GET', `/v1/installs/${id}`, { role: 'viewer' })).body;
      expect(snapshot.state).toBe('cancelled');
      expect(snapshot.phases.find((p) => p.id === 'infrastructure')).toMatchObject({ state: 'failed', message: 'cancelled' });

      const destroy = await svc.call('POST', `/v1/installs/${id}/destroy`, { role: 'admin', body: { confirm: 'svc-cancel' } });
      expect(destroy.status, destroy.text).toBe(202);
      const end = await readEvents(svc, id, { lastEventId: snapshot.lastSeq, timeoutMs: 120_000 });
      expect(end.ended).toBe(true);
      const destroyed = (await svc.call<InstallSnapshot>('GET', `/v1/installs/${id}`, { role: 'viewer' })).body;
      expect(destroyed.state, JSON.stringify(destroyed.error)).toBe('destroyed');
    },
  );

  it('marks an install interrupted when the service stops gracefully, and resumes it after the next start', { timeout: 300_000 }, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'strata-service-stop-'));
    const first = await startTestService({ dataDir });
    const created = await first.call<InstallSnapshot>('POST', '/v1/installs', {
      role: 'operator',
      headers: { 'idempotency-key': `stop-${Date.now()}` },
      body: { document: localDocument(work, { name: 'svc-stop', controlPlane: 1, workers: 1 }), until: 'infrastructure' },
    });
    expect(created.status, created.text).toBe(201);
    const id = created.body.id;
    leftovers.push({ client: () => restarted ?? first, id, cluster: 'svc-stop' });
    for (;;) {
      const s = (await first.call<InstallSnapshot>('GET', `/v1/installs/${id}`, { role: 'viewer' })).body;
      if (s.phases.find((p) => p.id === 'infrastructure')?.state === 'running') break;
      await sleep(50);
    }
    await first.service.stop();

    restarted = await startTestService({ dataDir });
    const stopped = (await restarted.call<InstallSnapshot>('GET', `/v1/installs/${id}`, { role: 'viewer' })).body;
    expect(stopped.state).toBe('interrupted');
    expect(stopped.error?.message).toContain('stopped');
    expect((await restarted.call('POST', `/v1/installs/${id}/resume`, { role: 'operator' })).status).toBe(202);
    await readEvents(restarted, id, { lastEventId: stopped.lastSeq, timeoutMs: 200_000 });
    const done = (await restarted.call<InstallSnapshot>('GET', `/v1/installs/${id}`, { role: 'viewer' })).body;
    expect(done.state, JSON.stringify(done.error)).toBe('succeeded');

    expect((await restarted.call('POST', `/v1/installs/${id}/destroy`, { role: 'admin', body: { confirm: 'svc-stop' } })).status).toBe(202);
    await readEvents(restarted, id, { lastEventId: done.lastSeq, timeoutMs: 120_000 });
    expect((await restarted.call<InstallSnapshot>('GET', `/v1/installs/${id}`, { role: 'viewer' })).body.state).toBe('destroyed');
  });
});

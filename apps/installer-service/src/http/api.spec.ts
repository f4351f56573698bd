import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  InstallEventSchema,
  InstallSnapshotSchema,
  PlanSchema,
  ValidationSchema,
  type InstallEvent,
  type InstallSnapshot,
  type Validation,
} from '@strata/install-contract';
import { WORKSPACE_ROOT } from '@strata/toolchain';
import { localDocument, readEvents, startTestService, type TestService } from '../testing/service-client';

let svc: TestService;
let work: string;
let key = 0;
const newKey = () => `key-${process.pid}-${++key}-${Date.now()}`;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'strata-service-api-'));
  svc = await startTestService();
});
afterAll(async () => {
  await svc.close();
  rmSync(work, { recursive: true, force: true });
});

/** Starts an install and waits until its stream ends; returns its id and the events it saw. */
async function installAssets(name: string): Promise<{ snapshot: InstallSnapshot; events: InstallEvent[]; document: string }> {
  const document = localDocument(work, { name });
  const created = await svc.call<InstallSnapshot>('POST', '/v1/installs', {
    role: 'operator',
    headers: { 'idempotency-key': newKey() },
    body: { document, until: 'assets' },
  });
  expect(created.status, created.text).toBe(201);
  const stream = await readEvents(svc, created.body.id);
  expect(stream.ended).toBe(true);
  const snapshot = (await svc.call<InstallSnapshot>('GET', `/v1/installs/${created.body.id}`, { role: 'viewer' })).body;
  return { snapshot, events: stream.frames.map((f) => InstallEventSchema.parse(JSON.parse(f.data ?? ''))), document };
}

describe('the data directory', () => {
  it('keeps the token and the credential key owner-only and the database in WAL mode', async () => {
    for (const file of ['service-token', 'credentials.key', 'installer.db']) expect(statSync(join(svc.dataDir, file)).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(svc.dataDir, 'service-token'), 'utf8').trim()).toBe(svc.token);
    const [row] = await svc.service.store.db.query<{ journal_mode: string }>('PRAGMA journal_mode');
    expect(row?.journal_mode).toBe('wal');
  });
});

describe('authentication and roles', () => {
  it('answers the health check without a token', async () => {
    const res = await svc.call('GET', '/healthz', { token: null });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true });
  });

  it.each([
    ['no token', null],
    ['a wrong token', 'sit_wrong'],
  ])('refuses a call with %s (401) in the one error body', async (_what, token) => {
    const res = await svc.call('GET', '/v1/providers', { token });
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ code: 'unauthenticated', problems: [] });
    expect(res.headers.get('www-authenticate')).toContain('Bearer');
  });

  it('slows down an address that keeps sending wrong tokens (429 with Retry-After), even for the right token meanwhile', async () => {
    const strict = await startTestService({
      tokenThrottle: { freeFailures: 2, baseDelayMs: 60_000, maxDelayMs: 60_000, lockAfter: 10, lockMs: 60_000, windowMs: 60_000 },
    });
    try {
      expect((await strict.call('GET', '/v1/providers', { token: 'sit_guess1' })).status).toBe(401);
      expect((await strict.call('GET', '/v1/providers', { token: 'sit_guess2' })).status).toBe(401);
      const throttled = await strict.call('GET', '/v1/providers');
      expect(throttled.status).toBe(429);
      expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await strict.call('GET', '/healthz', { token: null })).status).toBe(200);
    } finally {
      await strict.close();
    }
  });

  it('names the missing role header (400)', async () => {
    const res = await svc.call('GET', '/v1/providers', { headers: { 'x-strata-role': '' } });
    expect(res.status).toBe(400);
    expect(res.body['problems']).toEqual([{ path: 'headers.x-strata-role', message: 'must be one of: viewer, operator, admin' }]);
  });

  it('refuses a viewer who starts an install (403) and audits the refusal', async () => {
    const res = await svc.call('POST', '/v1/installs', {
      role: 'viewer',
      user: 'victor',
      headers: { 'idempotency-key': newKey() },
      body: { document: localDocument(work, { name: 'viewer-try' }) },
    });
    expect(res.status).toBe(403);
    expect(res.body['code']).toBe('not-allowed');
    const audit = await svc.service.store.audit.recent();
    expect(audit).toContainEqual(expect.objectContaining({ user: 'victor', role: 'viewer', action: 'install.create', outcome: 'refused 403' }));
  });

  it('refuses an operator who destroys (403)', async () => {
    const res = await svc.call('POST', '/v1/installs/any-id/destroy', { role: 'operator', body: { confirm: 'x' } });
    expect(res.status).toBe(403);
  });

  it('sends the security headers and the request id on every answer', async () => {
    const res = await svc.call('GET', '/v1/nothing-here', { headers: { 'x-request-id': 'req-123' } });
    expect(res.status).toBe(404);
    expect(res.headers.get('x-request-id')).toBe('req-123');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
  });

  it('describes itself as OpenAPI 3.1 from the same schemas, without a token', async () => {
    const res = await svc.call('GET', '/openapi.json', { token: null });
    expect(res.status).toBe(200);
    const paths = res.body['paths'] as Record<
      string,
      Record<string, { requestBody?: { content: Record<string, { schema: { properties: object } }> }; responses: object }>
    >;
    expect(Object.keys(paths)).toEqual(expect.arrayContaining(['/v1/installs', '/v1/installs/{id}/events', '/v1/credentials/{id}', '/healthz']));
    expect(Object.keys(paths['/v1/installs']?.['post']?.requestBody?.content['application/json']?.schema.properties ?? {})).toEqual(
      expect.arrayContaining(['document', 'until', 'planId', 'credentialId', 'license']),
    );
    expect(Object.keys(paths['/v1/installs']?.['post']?.responses ?? {})).toEqual(expect.arrayContaining(['200', '201', '400', '401', '403', '409', '413']));
  });

  it('refuses a body over 1 MiB (413)', async () => {
    const res = await svc.call('POST', '/v1/validate', { body: { document: 'x'.repeat(1024 * 1024 + 10) } });
    expect(res.status).toBe(413);
    expect(res.body['code']).toBe('too-large');
  });
});

describe('POST /v1/validate', () => {
  it('answers a valid document with its node count and the free-tier verdict', async () => {
    const res = await svc.call('POST', '/v1/validate', { role: 'viewer', body: { document: localDocument(work, { name: 'ok', workers: 2 }) } });
    expect(res.status).toBe(200);
    const validation = ValidationSchema.parse(res.body);
    expect(validation).toMatchObject({ valid: true, problems: [], nodes: 3, license: { allowed: true, status: 'FREE_TIER', limit: 10 } });
  });

  it('answers an invalid document with 200, valid false and every problem with its path', async () => {
    const document = localDocument(work, { name: 'Bad_Name', controlPlane: 2, extra: ['  colour: blue'] });
    const res = await svc.call('POST', '/v1/validate', { role: 'viewer', body: { document } });
    expect(res.status).toBe(200);
    expect(res.body['valid']).toBe(false);
    const paths = (res.body['problems'] as { path: string }[]).map((p) => p.path).sort();
    expect(paths).toEqual(['metadata.name', 'spec.colour', 'spec.controlPlane.replicas']);
  });

  it('adds the driver preflight when online, and names an unknown credential at credentialId', async () => {
    const document = localDocument(work, { name: 'online' });
    const online = await svc.call<Validation>('POST', '/v1/validate', { role: 'viewer', body: { document, online: true } });
    expect(online.body).toMatchObject({ valid: true, problems: [] });
    const unknown = await svc.call<Validation>('POST', '/v1/validate', { role: 'viewer', body: { document, online: true, credentialId: 'cred_nope' } });
    expect(unknown.body.valid).toBe(false);
    expect(unknown.body.problems.map((p) => p.path)).toEqual(['credentialId']);
  });

  it('refuses an unknown body field (400) naming it', async () => {
    const res = await svc.call('POST', '/v1/validate', { body: { document: 'x', strict: true } });
    expect(res.status).toBe(400);
    expect(res.body['problems']).toEqual([{ path: 'strict', message: 'is not a known field; remove it' }]);
  });
});

describe('credentials', () => {
  it('refuses a credential for a platform that takes none, storing nothing', async () => {
    const res = await svc.call('POST', '/v1/credentials', { role: 'operator', body: { platform: 'local', kind: 'none', name: 'x', values: {} } });
    expect(res.status).toBe(400);
    expect((res.body['problems'] as { path: string }[])[0]?.path).toBe('platform');
    expect((await svc.call('GET', '/v1/credentials', { role: 'viewer' })).body['items']).toEqual([]);
  });

  it('refuses an incomplete AWS access key before asking AWS, naming the missing field', async () => {
    const res = await svc.call('POST', '/v1/credentials', {
      role: 'operator',
      body: { platform: 'aws', kind: 'access-key', name: 'ci', values: { accessKeyId: 'AKIAEXAMPLE' } },
    });
    expect(res.status).toBe(400);
    expect(res.body['problems']).toContainEqual(expect.objectContaining({ path: 'values.secretAccessKey' }));
    expect(res.text).not.toContain('AKIAEXAMPLE');
  });

  it('refuses an unknown platform and a viewer storing one', async () => {
    expect((await svc.call('POST', '/v1/credentials', { role: 'operator', body: { platform: 'mars', kind: 'k', name: 'x', values: {} } })).status).toBe(400);
    expect((await svc.call('POST', '/v1/credentials', { role: 'viewer', body: { platform: 'aws', kind: 'k', name: 'x', values: {} } })).status).toBe(403);
  });
});

describe('lookups', () => {
  it('answers 404 for a lookup the platform does not have, and 400 for an unknown platform', async () => {
    const none = await svc.call('POST', '/v1/providers/local/lookups/regions', { role: 'operator', body: {} });
    expect(none.status).toBe(404);
    expect(none.body['code']).toBe('not-found');
    const mars = await svc.call('POST', '/v1/providers/mars/lookups/regions', { role: 'operator', body: {} });
    expect(mars.status).toBe(400);
    expect((mars.body['problems'] as { path: string }[])[0]?.path).toBe('params.platform');
  });
});

describe('plans', () => {
  it("prices a plan from the driver's dated price table, each resource with a cost or the reason it has none", async () => {
    const document = readFileSync(join(WORKSPACE_ROOT, 'examples/aws.yaml'), 'utf8');
    const res = await svc.call('POST', '/v1/plans', { role: 'operator', body: { document } });
    expect(res.status, res.text).toBe(201);
    const plan = PlanSchema.parse(res.body);
    expect(plan.cost).toMatchObject({ currency: 'USD', asOf: expect.stringMatching(/^\d{4}-\d{2}-\d{2}/) });
    expect(plan.cost?.monthlyTotal).toBeGreaterThan(0);
    for (const r of plan.resources) expect(r.monthlyCost !== null || typeof r.unpricedReason === 'string').toBe(true);
    expect(plan.cost?.unpriced).toEqual(plan.resources.filter((r) => r.monthlyCost === null).map((r) => r.id));
    const machines = plan.resources.filter((r) => r.kind === 'machine');
    expect(machines).toHaveLength(8);
    expect(machines.every((m) => (m.monthlyCost ?? 0) > 0)).toBe(true);
  });

  it('answers no cost for a platform without prices (local machines cost nothing extra)', async () => {
    const res = await svc.call('POST', '/v1/plans', { role: 'operator', body: { document: localDocument(work, { name: 'free' }) } });
    const plan = PlanSchema.parse(res.body);
    expect(plan.cost).toBeNull();
    expect(plan.resources.every((r) => r.monthlyCost === 0)).toBe(true);
  });

  it('lists every step of the driver plan with its dependencies, and binds an install to its document hash', async () => {
    const document = localDocument(work, { name: 'planned', workers: 2 });
    const res = await svc.call('POST', '/v1/plans', { role: 'operator', body: { document } });
    expect(res.status, res.text).toBe(201);
    const plan = PlanSchema.parse(res.body);
    expect(plan).toMatchObject({ platform: 'local', cluster: 'planned' });
    const machines = plan.resources.filter((r) => r.kind === 'machine');
    expect(machines.map((m) => m.id)).toEqual(['machine/planned-cp-0', 'machine/planned-default-0', 'machine/planned-default-1']);
    for (const m of machines) expect(m.dependsOn.length).toBeGreaterThan(0);
    expect((await svc.call('GET', `/v1/plans/${plan.id}`, { role: 'viewer' })).body).toEqual(plan);

    // Formatting alone does not change the hash; a changed document does, and the install is refused.
    const reformatted = await svc.call('POST', '/v1/plans', {
      role: 'operator',
      body: { document: `# the same cluster\n${document.replace('metadata: {name: planned}', 'metadata:\n  name: planned')}` },
    });
    expect(reformatted.body['documentHash']).toBe(plan.documentHash);
    const changed = document.replace('replicas: 2}', 'replicas: 1}');
    const refused = await svc.call('POST', '/v1/installs', {
      role: 'operator',
      headers: { 'idempotency-key': newKey() },
      body: { document: changed, planId: plan.id },
    });
    expect(refused.status).toBe(409);
    expect(refused.body['message']).toContain(plan.id);
  });
});

describe('POST /v1/installs', () => {
  it('requires an Idempotency-Key', async () => {
    const res = await svc.call('POST', '/v1/installs', { role: 'operator', body: { document: localDocument(work, { name: 'nokey' }) } });
    expect(res.status).toBe(400);
    expect((res.body['problems'] as { path: string }[])[0]?.path).toBe('headers.idempotency-key');
  });

  it('refuses 11 nodes without a license (403) with the count, the limit and a problem at spec.license', async () => {
    const res = await svc.call('POST', '/v1/installs', {
      role: 'operator',
      headers: { 'idempotency-key': newKey() },
      body: { document: localDocument(work, { name: 'eleven', workers: 10 }) },
    });
    expect(res.status).toBe(403);
    expect(res.body['message']).toMatch(/11 nodes/);
    expect(res.body['message']).toMatch(/10 nodes/);
    expect((res.body['problems'] as { path: string }[]).map((p) => p.path)).toEqual(['spec.license']);
  });

  it('answers the same install for the same key and body (200), and 409 for another body', async () => {
    const document = localDocument(work, { name: 'idem' });
    const idempotencyKey = newKey();
    const first = await svc.call<InstallSnapshot>('POST', '/v1/installs', {
      role: 'operator',
      headers: { 'idempotency-key': idempotencyKey },
      body: { document, until: 'assets' },
    });
    expect(first.status, first.text).toBe(201);
    const again = await svc.call<InstallSnapshot>('POST', '/v1/installs', {
      role: 'operator',
      headers: { 'idempotency-key': idempotencyKey },
      body: { document, until: 'assets' },
    });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    const other = await svc.call('POST', '/v1/installs', {
      role: 'operator',
      headers: { 'idempotency-key': idempotencyKey },
      body: { document, until: 'infrastructure' },
    });
    expect(other.status).toBe(409);
    await readEvents(svc, first.body.id);
  });

  it('runs the assets phase, folds its history into the snapshot and replays the history from any event without gap or duplicate', async () => {
    const { snapshot, events, document } = await installAssets('replay');
    InstallSnapshotSchema.parse(snapshot);
    expect(snapshot.state).toBe('succeeded');
    expect(snapshot.phases).toEqual([expect.objectContaining({ id: 'assets', state: 'succeeded', durationMs: expect.any(Number) })]);
    expect(snapshot.steps.map((s) => s.kind)).toContain('machine');
    expect(snapshot.result?.clusterId).toMatch(/^[0-9a-f-]{36}$/);
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: snapshot.lastSeq }, (_, i) => i + 1));

    const middle = Math.floor(snapshot.lastSeq / 2);
    for (const from of [{ lastEventId: middle }, { after: middle }]) {
      const replay = await readEvents(svc, snapshot.id, from);
      expect(replay.ended).toBe(true);
      expect(replay.frames.map((f) => Number(f.id))).toEqual(events.filter((e) => e.seq > middle).map((e) => e.seq));
      expect(replay.frames.map((f) => f.data)).toEqual(events.filter((e) => e.seq > middle).map((e) => JSON.stringify(e)));
    }

    const doc = await svc.call('GET', `/v1/installs/${snapshot.id}/document`, { role: 'viewer' });
    expect(doc.headers.get('content-type')).toContain('application/yaml');
    expect(doc.text).toBe(document);
    expect((await svc.call('POST', `/v1/installs/${snapshot.id}/cancel`, { role: 'operator' })).status).toBe(409);
    expect((await svc.call('GET', `/v1/installs/${snapshot.id}/kubeconfig`, { role: 'operator' })).status).toBe(403);

    // Secrets in the archive are an admin's, and every ask for them is audited.
    expect((await svc.call('GET', `/v1/installs/${snapshot.id}/assets?secrets=true`, { role: 'operator', user: 'olga' })).status).toBe(403);
    expect((await svc.call('GET', `/v1/installs/${snapshot.id}/assets?secrets=true`, { role: 'admin', user: 'ada' })).status).toBe(200);
    expect((await svc.call('GET', `/v1/installs/${snapshot.id}/assets`, { role: 'viewer' })).status).toBe(200);
    const audit = (await svc.service.store.audit.recent()).filter((e) => e.target === snapshot.id && e.action === 'install.assets.secrets');
    expect(audit.map((e) => [e.user, e.role, e.outcome])).toEqual([
      ['olga', 'operator', 'refused 403'],
      ['ada', 'admin', 'ok 200'],
    ]);
  });

  it('destroys only when the typed name matches, as an admin', async () => {
    const { snapshot } = await installAssets('doomed');
    const wrong = await svc.call('POST', `/v1/installs/${snapshot.id}/destroy`, { role: 'admin', body: { confirm: 'doome' } });
    expect(wrong.status).toBe(400);
    expect((wrong.body['problems'] as { path: string }[])[0]?.path).toBe('confirm');
    const accepted = await svc.call<InstallSnapshot>('POST', `/v1/installs/${snapshot.id}/destroy`, { role: 'admin', body: { confirm: 'doomed' } });
    expect(accepted.status).toBe(202);
    expect(accepted.body.state).toBe('destroying');
    const stream = await readEvents(svc, snapshot.id, { lastEventId: snapshot.lastSeq });
    expect(stream.ended).toBe(true);
    expect(stream.frames.at(-1)?.data).toContain('"state":"destroyed"');
    const audit = await svc.service.store.audit.recent();
    expect(audit).toContainEqual(expect.objectContaining({ action: 'install.destroy', target: snapshot.id, role: 'admin', outcome: 'ok 202' }));
    expect(audit).toContainEqual(expect.objectContaining({ action: 'install.destroy', target: snapshot.id, outcome: 'refused 400' }));
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_TABLE, errorAnswer, TooLargeError } from '@strata/errors';
import { ADMIN, createTestApp, TEST_ADMIN_TOKEN, type TestApp } from '../testing/test-app';

const T0 = new Date('2026-06-01T00:00:00Z');
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);

/** Probes from the outside: each case is an attack or mistake the server must refuse. */
describe('license server hardening', () => {
  let t: TestApp;
  let seq = 0;

  beforeAll(async () => {
    t = await createTestApp({ now: T0 });
  });
  afterAll(async () => t?.close());

  async function call(method: 'GET' | 'POST', url: string, body?: unknown, headers: Record<string, string> = {}) {
    const response = await t.app.inject({ method, url, ...(body === undefined ? {} : { payload: body as object }), headers });
    return { status: response.statusCode, headers: response.headers, body: response.json() as Record<string, unknown> };
  }

  /** A 20-node license and an activated cluster with its activation secret. */
  async function activated(name: string, clusterId: string) {
    const customer = (await call('POST', '/v1/admin/customers', { name }, ADMIN)).body as { id: string };
    const subscription = (await call('POST', '/v1/admin/subscriptions', { customerId: customer.id, plan: 'standard', nodes: 20, graceDays: 14 }, ADMIN))
      .body as { id: string };
    const license = (await call('POST', '/v1/admin/licenses', { subscriptionId: subscription.id }, ADMIN)).body as { id: string; token: string };
    const activation = await call('POST', '/v1/activations', { license: license.token, clusterId });
    expect(activation.status).toBe(201);
    return { license, secret: activation.body['activationSecret'] as string };
  }

  function report(clusterId: string, nodes: number, observedAt: Date, secret?: string) {
    seq += 1;
    return call(
      'POST',
      '/v1/usage-reports',
      { reportId: `probe-report-${seq}`, clusterId, nodes, observedAt: observedAt.toISOString() },
      secret === undefined ? {} : { authorization: `Bearer ${secret}` },
    );
  }

  describe('usage reports are authenticated per activation', () => {
    it('hands out an activation secret once and accepts reports only with it', async () => {
      const { secret } = await activated('Secret Co', 'probe-secret');
      expect(secret).toMatch(/^sact_[A-Za-z0-9_-]{43}$/);
      const stored = await t.db.query<{ secret_hash: string }>('SELECT secret_hash FROM activations WHERE cluster_id = $1', ['probe-secret']);
      expect(stored[0]?.secret_hash).not.toContain(secret.slice(5));
      const anonymous = await report('probe-secret', 0, T0);
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers['www-authenticate']).toContain('Bearer');
      expect((await report('probe-secret', 0, T0, 'sact_wrong')).status).toBe(401);
      expect((await report('probe-secret', 3, T0, secret)).status).toBe(201);
    });

    it("refuses one cluster's secret for another cluster and an unactivated cluster id", async () => {
      const { secret } = await activated('Cross Co', 'probe-cross-a');
      await activated('Cross Co 2', 'probe-cross-b');
      expect((await report('probe-cross-b', 0, T0, secret)).status).toBe(401);
      expect((await report('probe-never-activated', 0, T0, secret)).status).toBe(401);
    });

    it('retires the old secret when the cluster activates again', async () => {
      const { license, secret } = await activated('Again Co', 'probe-again');
      const second = (await call('POST', '/v1/activations', { license: license.token, clusterId: 'probe-again' })).body['activationSecret'] as string;
      expect(second).not.toBe(secret);
      expect((await report('probe-again', 1, T0, secret)).status).toBe(401);
      expect((await report('probe-again', 1, T0, second)).status).toBe(201);
    });

    it("does not let another customer's license take over an activated cluster id", async () => {
      const victim = await activated('Victim Co', 'probe-victim');
      const attacker = await activated('Attacker Co', 'probe-attacker');
      const takeover = await call('POST', '/v1/activations', { license: attacker.license.token, clusterId: 'probe-victim' });
      expect(takeover.status).toBe(409);
      expect((await report('probe-victim', 2, T0, victim.secret)).status).toBe(201);
      // The cluster's owner can move it, with its current secret.
      const moved = await call(
        'POST',
        '/v1/activations',
        { license: attacker.license.token, clusterId: 'probe-victim' },
        { authorization: `Bearer ${victim.secret}` },
      );
      expect(moved.status).toBe(201);
    });

    it.each([
      ['dated in year 2999', new Date('2999-01-01T00:00:00Z')],
      ['dated 6 minutes ahead of the server', minutes(6)],
      ['dated 8 days ago', minutes(-8 * 24 * 60)],
    ])('refuses a report %s, naming observedAt', async (_name, observedAt) => {
      const { secret } = await activated(`Clock Co ${observedAt.getTime()}`, `probe-clock-${observedAt.getTime()}`);
      const answer = await report(`probe-clock-${observedAt.getTime()}`, 0, observedAt, secret);
      expect(answer.status).toBe(400);
      expect(answer.body['problems']).toEqual([{ path: 'observedAt', message: expect.any(String) }]);
    });

    it('takes the report that arrived last as the current count, not the one dated latest', async () => {
      const { license, secret } = await activated('Arrival Co', 'probe-arrival');
      expect((await report('probe-arrival', 0, minutes(4), secret)).status).toBe(201);
      expect((await report('probe-arrival', 7, minutes(-60), secret)).status).toBe(201);
      expect((await call('POST', '/v1/validate', { license: license.token, clusterId: 'probe-arrival' })).body).toMatchObject({ nodes: 7 });
    });

    it.each([[-1], [1.5], [1_000_001]])('refuses a node count of %s', async (nodes) => {
      const { secret } = await activated(`Count Co ${nodes}`, `probe-count-${String(nodes).replace('.', '-')}`);
      const answer = await report(`probe-count-${String(nodes).replace('.', '-')}`, nodes, T0, secret);
      expect(answer.status).toBe(400);
      expect(answer.body['problems']).toEqual([{ path: 'nodes', message: expect.any(String) }]);
    });

    it('does not start a grace period from an anonymous validation with an inflated count', async () => {
      const { license } = await activated('Inflate Co', 'probe-inflate');
      const answer = await call('POST', '/v1/validate', { license: license.token, clusterId: 'probe-inflate', nodes: 1_000_000 });
      expect(answer.status).toBe(200);
      expect((await t.ctx.store.licenses.get(license.id)).overLimitSince).toBeNull();
      expect((await call('POST', '/v1/validate', { license: license.token, clusterId: 'probe-inflate' })).body).toMatchObject({ status: 'VALID' });
    });

    it('starts and ends a grace period from authenticated reports', async () => {
      const { license, secret } = await activated('Grace Co', 'probe-grace');
      await report('probe-grace', 25, T0, secret);
      expect((await t.ctx.store.licenses.get(license.id)).overLimitSince).toBe(T0.toISOString());
      expect((await call('POST', '/v1/validate', { license: license.token, clusterId: 'probe-grace' })).body).toMatchObject({
        status: 'OVER_LIMIT_GRACE',
        nodes: 25,
      });
      await report('probe-grace', 10, T0, secret);
      expect((await t.ctx.store.licenses.get(license.id)).overLimitSince).toBeNull();
    });
  });

  describe('input', () => {
    it.each([
      ['text/plain', '{"nodes": 1}'],
      ['application/x-www-form-urlencoded', 'nodes=1'],
      ['application/xml', '<nodes>1</nodes>'],
    ])('answers 415 to a JSON endpoint sent %s', async (contentType, payload) => {
      const response = await t.app.inject({ method: 'POST', url: '/v1/validate', payload, headers: { 'content-type': contentType } });
      expect(response.statusCode).toBe(415);
      expect(response.json()).toMatchObject({ code: 'unsupported-media-type' });
    });

    it('refuses a year-9999 subscription at startsAt', async () => {
      const customer = (await call('POST', '/v1/admin/customers', { name: 'Far Future Co' }, ADMIN)).body as { id: string };
      const answer = await call(
        'POST',
        '/v1/admin/subscriptions',
        { customerId: customer.id, plan: 'standard', nodes: 5, startsAt: '9999-01-01T00:00:00Z' },
        ADMIN,
      );
      expect(answer.status).toBe(400);
      expect(answer.body['problems']).toEqual([{ path: 'startsAt', message: expect.stringContaining('2100') }]);
    });

    it.each([
      ['a right-to-left override', 'Evil\u202Egnp.exe', 'U+202E'],
      ['a first-strong isolate', 'Evil\u2068Co', 'U+2068'],
      ['a bell', 'Bell\u0007Co', 'U+0007'],
      ['a newline', 'Two\nLines', 'U+000A'],
      ['a C1 control', 'Ctl\u0085Co', 'U+0085'],
    ])('refuses a customer name with %s, naming the character', async (_name, name, code) => {
      const answer = await call('POST', '/v1/admin/customers', { name }, ADMIN);
      expect(answer.status).toBe(400);
      expect(answer.body['problems']).toEqual([{ path: 'name', message: expect.stringContaining(code) }]);
    });

    it('answers 413 naming the limit to a body over 64 KiB', async () => {
      const response = await t.app.inject({
        method: 'POST',
        url: '/v1/admin/customers',
        payload: JSON.stringify({ name: 'x'.repeat(70_000) }),
        headers: { ...ADMIN, 'content-type': 'application/json' },
      });
      expect(response.statusCode).toBe(413);
      expect(response.json()).toMatchObject({ code: 'too-large', message: expect.stringContaining('65536 bytes') });
    });

    it('answers an oversize body from the one error table, exactly as the console does', async () => {
      const response = await t.app.inject({
        method: 'POST',
        url: '/v1/activations',
        payload: JSON.stringify({ license: 'x'.repeat(70_000) }),
        headers: { 'content-type': 'application/json' },
      });
      // apps/console/src/server/body.spec.ts holds the console's side of this pair.
      expect(response.statusCode).toBe(ERROR_TABLE['too-large'].status);
      expect(response.json()).toEqual(errorAnswer(new TooLargeError(65536)).body);
      expect(response.json()).toMatchObject({ code: 'too-large' });
    });
  });

  describe('list endpoints are paged', () => {
    // Enough of each list for several pages, whichever tests ran before.
    beforeAll(async () => {
      for (let i = 0; i < 4; i++) await activated(`Paged Co ${i}`, `probe-paged-${i}`);
    });

    it('walks customers a page at a time with a cursor', async () => {
      const names: string[] = [];
      let cursor: string | null = '';
      while (cursor !== null) {
        const page: { status: number; body: Record<string, unknown> } = await call(
          'GET',
          `/v1/admin/customers?limit=3${cursor ? `&cursor=${cursor}` : ''}`,
          undefined,
          ADMIN,
        );
        expect(page.status).toBe(200);
        const customers = page.body['customers'] as { name: string }[];
        expect(customers.length).toBeLessThanOrEqual(3);
        names.push(...customers.map((c) => c.name));
        cursor = page.body['nextCursor'] as string | null;
      }
      const all = (await t.ctx.store.customers.list()).map((c) => c.name);
      expect(names).toEqual(all);
      expect(all.length).toBeGreaterThan(3);
    });

    it('pages licenses and subscriptions too', async () => {
      for (const [url, key] of [
        ['/v1/admin/licenses', 'licenses'],
        ['/v1/admin/subscriptions', 'subscriptions'],
      ] as const) {
        const first = await call('GET', `${url}?limit=2`, undefined, ADMIN);
        expect(first.body[key]).toHaveLength(2);
        const second = await call('GET', `${url}?limit=2&cursor=${String(first.body['nextCursor'])}`, undefined, ADMIN);
        const ids = [...(first.body[key] as { id: string }[]), ...(second.body[key] as { id: string }[])].map((x) => x.id);
        expect(new Set(ids).size).toBe(ids.length);
      }
    });

    it.each([
      ['limit=0', 'query.limit'],
      ['limit=201', 'query.limit'],
      ['limit=lots', 'query.limit'],
      ['cursor=bm90LWEtY3Vyc29y', 'query.cursor'],
    ])('refuses %s', async (query, path) => {
      const answer = await call('GET', `/v1/admin/customers?${query}`, undefined, ADMIN);
      expect(answer.status).toBe(400);
      expect(answer.body['problems']).toEqual([{ path, message: expect.any(String) }]);
    });
  });

  describe('security headers', () => {
    it.each([
      ['GET', '/healthz', {}],
      ['GET', '/openapi.json', {}],
      ['GET', '/no-such-page', {}],
      ['GET', '/admin/login', {}],
      ['GET', '/admin/customers', {}],
      ['GET', '/v1/admin/customers', {}],
      ['POST', '/v1/validate', { 'content-type': 'text/plain' }],
    ] as const)('are on %s %s', async (method, url, headers) => {
      const response = await t.app.inject({ method, url, headers, ...(method === 'POST' ? { payload: 'x' } : {}) });
      expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(response.headers['content-security-policy']).not.toContain('unsafe-inline');
      expect(response.headers['x-frame-options']).toBe('DENY');
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['referrer-policy']).toBe('no-referrer');
    });
  });

  describe('error answers', () => {
    it.each([
      ['GET', '/v1/admin/customers', undefined, {}, 401],
      ['GET', '/nowhere', undefined, {}, 404],
      ['POST', '/v1/admin/customers', { name: 5 }, ADMIN, 400],
      ['GET', '/v1/admin/customers/cus_missing', undefined, ADMIN, 404],
    ] as const)('are { code, message, problems } for %s %s', async (method, url, body, headers, status) => {
      const answer = await call(method, url, body, headers);
      expect(answer.status).toBe(status);
      expect(Object.keys(answer.body).sort()).toEqual(['code', 'message', 'problems']);
    });

    it('carries the request id given, or a fresh one', async () => {
      expect((await t.app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'probe-42' } })).headers['x-request-id']).toBe('probe-42');
      expect((await t.app.inject({ method: 'GET', url: '/healthz' })).headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    });
  });
});

describe('wrong admin tokens', () => {
  let t: TestApp;
  let clock = 0;

  beforeAll(async () => {
    t = await createTestApp({ app: { throttleClock: () => clock } });
  });
  afterAll(async () => t?.close());

  const attempt = (token: string, remoteAddress = '203.0.113.7') =>
    t.app.inject({ method: 'GET', url: '/v1/admin/customers', headers: { authorization: `Bearer ${token}` }, remoteAddress });

  it('are throttled per client with a rising Retry-After, even for a right token meanwhile', async () => {
    for (let i = 0; i < 5; i++) expect((await attempt('slat_guess')).statusCode).toBe(401);
    const blocked = await attempt(TEST_ADMIN_TOKEN);
    expect(blocked.statusCode).toBe(429);
    expect(blocked.headers['retry-after']).toBe('1');
    expect(blocked.json()).toMatchObject({ code: 'too-many-requests' });
    expect((await attempt(TEST_ADMIN_TOKEN, '198.51.100.9')).statusCode).toBe(200);
    clock += 1000;
    expect((await attempt('slat_guess')).statusCode).toBe(401);
    expect((await attempt('slat_guess')).headers['retry-after']).toBe('2');
    clock += 2000;
    expect((await attempt(TEST_ADMIN_TOKEN)).statusCode).toBe(200);
  });
});

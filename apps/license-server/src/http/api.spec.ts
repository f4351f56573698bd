import { generateLicenseKeyPair, parseLicenseFile, signLicense, verifyLicense, type LicenseClaims } from '@strata/licensing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, createTestApp, type TestApp } from '../testing/test-app';

const T0 = new Date('2026-06-01T00:00:00Z');
const days = (n: number) => new Date(T0.getTime() + n * 86_400_000);

describe('license server API', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ now: T0 });
  });
  afterAll(async () => t?.close());

  async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
    const response = await t.app.inject({ method: 'POST', url, payload: body as object, headers });
    return { status: response.statusCode, body: response.json() as Record<string, unknown> };
  }

  /** A customer with an active 50-node, 365-day subscription and a license issued from it. */
  async function licensedCustomer(name: string, nodes = 50) {
    const customer = (await post('/v1/admin/customers', { name }, ADMIN)).body as { id: string };
    const subscription = (await post('/v1/admin/subscriptions', { customerId: customer.id, plan: 'standard', nodes, termDays: 365, graceDays: 14 }, ADMIN))
      .body as { id: string };
    const license = (await post('/v1/admin/licenses', { subscriptionId: subscription.id }, ADMIN)).body as { id: string; token: string };
    return { customer, subscription, license };
  }

  /** Activates a cluster and returns its activation secret. */
  async function activate(license: { token: string }, clusterId: string): Promise<string> {
    const answer = await post('/v1/activations', { license: license.token, clusterId });
    expect(answer.status).toBe(201);
    return answer.body['activationSecret'] as string;
  }

  /** Sends a usage report with the cluster's activation secret, dated by the server's clock. */
  function report(secret: string, body: { reportId: string; clusterId: string; nodes: number }) {
    return post('/v1/usage-reports', { ...body, observedAt: t.ctx.now().toISOString() }, { authorization: `Bearer ${secret}` });
  }

  describe('validation', () => {
    it('lets 10 nodes run without a license and refuses 11', async () => {
      expect((await post('/v1/validate', { nodes: 10 })).body).toMatchObject({ status: 'FREE_TIER', allowedNodes: 10 });
      expect((await post('/v1/validate', { nodes: 11 })).body).toMatchObject({ status: 'OVER_LIMIT', allowedNodes: 10 });
    });

    it('lets 11 nodes run with a 50-node license', async () => {
      const { license } = await licensedCustomer('Valid Co');
      expect((await post('/v1/validate', { license: license.token, nodes: 11 })).body).toMatchObject({
        status: 'VALID',
        allowedNodes: 50,
        licenseId: license.id,
        known: true,
      });
    });

    it('answers INVALID for a tampered license and for an unknown key id', async () => {
      const { license } = await licensedCustomer('Tamper Co');
      const [h, p, s] = license.token.split('.') as [string, string, string];
      const claims = JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as LicenseClaims;
      const bigger = Buffer.from(JSON.stringify({ ...claims, nodes: 5000 })).toString('base64url');
      expect((await post('/v1/validate', { license: `${h}.${bigger}.${s}`, nodes: 11 })).body).toMatchObject({ status: 'INVALID', allowedNodes: 10 });
      const stranger = generateLicenseKeyPair({ kid: 'not-trusted' });
      const foreign = await signLicense({ ...claims, nodes: 5000 }, stranger.privateJwk, stranger.kid);
      const answer = (await post('/v1/validate', { license: foreign, nodes: 11 })).body;
      expect(answer).toMatchObject({ status: 'INVALID' });
      expect(answer['message']).toContain('not-trusted');
    });

    it('follows a license through expiry grace to expiry', async () => {
      const { license } = await licensedCustomer('Expiring Co');
      t.setNow(days(366));
      expect((await post('/v1/validate', { license: license.token, nodes: 20 })).body).toMatchObject({
        status: 'EXPIRED_GRACE',
        allowedNodes: 50,
        graceDeadline: days(365 + 14).toISOString(),
      });
      t.setNow(days(380));
      expect((await post('/v1/validate', { license: license.token, nodes: 20 })).body).toMatchObject({ status: 'EXPIRED', allowedNodes: 10 });
      t.setNow(T0);
    });

    it('answers INVALID before the license starts', async () => {
      const customer = (await post('/v1/admin/customers', { name: 'Future Co' }, ADMIN)).body as { id: string };
      const sub = (await post('/v1/admin/subscriptions', { customerId: customer.id, plan: 'standard', nodes: 20, startsAt: days(30).toISOString() }, ADMIN))
        .body as { id: string };
      const license = (await post('/v1/admin/licenses', { subscriptionId: sub.id }, ADMIN)).body as { token: string };
      const answer = (await post('/v1/validate', { license: license.token, nodes: 5 })).body;
      expect(answer).toMatchObject({ status: 'INVALID' });
      expect(answer['message']).toContain('not valid before');
    });

    it('answers REVOKED once the vendor revokes the license', async () => {
      const { license } = await licensedCustomer('Revoked Co');
      expect((await post(`/v1/admin/licenses/${license.id}/revoke`, { reason: 'chargeback' }, ADMIN)).status).toBe(200);
      const answer = (await post('/v1/validate', { license: license.token, nodes: 5 })).body;
      expect(answer).toMatchObject({ status: 'REVOKED', allowedNodes: 10 });
      expect(answer['message']).toContain('chargeback');
    });

    it('counts every activated cluster and starts an over-limit grace period once, from reports', async () => {
      const { license } = await licensedCustomer('Multi Co', 20);
      const a = await activate(license, 'multi-a');
      const b = await activate(license, 'multi-b');
      await report(a, { reportId: 'multi-a-0001', clusterId: 'multi-a', nodes: 12 });
      await report(b, { reportId: 'multi-b-0001', clusterId: 'multi-b', nodes: 6 });
      expect((await post('/v1/validate', { license: license.token, clusterId: 'multi-a' })).body).toMatchObject({ status: 'VALID', nodes: 18 });
      expect((await report(b, { reportId: 'multi-b-0002', clusterId: 'multi-b', nodes: 9 })).status).toBe(201);
      const over = (await post('/v1/validate', { license: license.token, clusterId: 'multi-b' })).body;
      expect(over).toMatchObject({ status: 'OVER_LIMIT_GRACE', nodes: 21, graceDeadline: days(14).toISOString() });
      t.setNow(days(3));
      expect((await post('/v1/validate', { license: license.token, clusterId: 'multi-b' })).body).toMatchObject({ graceDeadline: days(14).toISOString() });
      t.setNow(days(15));
      expect((await post('/v1/validate', { license: license.token, clusterId: 'multi-b' })).body).toMatchObject({ status: 'OVER_LIMIT' });
      await report(b, { reportId: 'multi-b-0003', clusterId: 'multi-b', nodes: 8 });
      expect((await post('/v1/validate', { license: license.token, clusterId: 'multi-b' })).body).toMatchObject({ status: 'VALID' });
      t.setNow(T0);
    });
  });

  describe('activations', () => {
    it('refuses a revoked license and one this server did not issue', async () => {
      const { license } = await licensedCustomer('Act Co');
      await post(`/v1/admin/licenses/${license.id}/revoke`, { reason: 'test' }, ADMIN);
      expect((await post('/v1/activations', { license: license.token, clusterId: 'act-1' })).status).toBe(403);
      const claims = verifyLicense(license.token, { trustedKeys: t.keys.jwks });
      if (!claims.ok) throw new Error(claims.reason);
      const elsewhere = await signLicense({ ...claims.claims, licenseId: 'lic_elsewhere' }, t.keys.privateJwk, t.keys.kid);
      expect((await post('/v1/activations', { license: elsewhere, clusterId: 'act-2' })).status).toBe(404);
    });
  });

  describe('usage reports', () => {
    it('counts a report replayed with the same id once', async () => {
      const { license } = await licensedCustomer('Replay Co');
      const auth = { authorization: `Bearer ${await activate(license, 'replay-cluster')}` };
      const report = { reportId: '7d1f6c1e-replay-0001', clusterId: 'replay-cluster', nodes: 4, observedAt: T0.toISOString() };
      expect((await post('/v1/usage-reports', report, auth)).status).toBe(201);
      const again = await post('/v1/usage-reports', report, auth);
      expect(again).toMatchObject({ status: 200, body: { duplicate: true } });
      expect(await t.ctx.store.usage.count({ clusterId: 'replay-cluster' })).toBe(1);
    });

    it('refuses a report id reused for different content', async () => {
      const { license } = await licensedCustomer('Reuse Co');
      const auth = { authorization: `Bearer ${await activate(license, 'reuse-cluster')}` };
      const report = { reportId: '7d1f6c1e-reuse-0001', clusterId: 'reuse-cluster', nodes: 4, observedAt: T0.toISOString() };
      await post('/v1/usage-reports', report, auth);
      expect((await post('/v1/usage-reports', { ...report, nodes: 5 }, auth)).status).toBe(409);
    });
  });

  describe('admin API', () => {
    it.each([
      ['no credentials', {}],
      ['a wrong token', { authorization: 'Bearer slat_wrong' }],
      ['a session cookie that does not exist', { cookie: 'strata_ls_session=sess_nope' }],
    ])('answers 401 with %s', async (_name, headers) => {
      const response = await t.app.inject({ method: 'GET', url: '/v1/admin/customers', headers });
      expect(response.statusCode).toBe(401);
      expect(response.headers['www-authenticate']).toContain('Bearer');
    });

    it('requires the CSRF token for writes made with a session cookie', async () => {
      const session = await t.ctx.store.admin.createSession(60_000, T0);
      const sessionCookie = `strata_ls_session=${session.sessionId}`;
      const page = await t.app.inject({ method: 'GET', url: '/admin/customers', headers: { cookie: sessionCookie } });
      const csrfToken = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
      const csrfCookie = page.cookies.find((c) => c.name === 'strata_ls_csrf');
      expect(csrfCookie).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
      const cookie = `${sessionCookie}; strata_ls_csrf=${csrfCookie?.value ?? ''}`;
      expect((await t.app.inject({ method: 'GET', url: '/v1/admin/customers', headers: { cookie } })).statusCode).toBe(200);
      expect((await post('/v1/admin/customers', { name: 'Csrf Co' }, { cookie })).status).toBe(403);
      expect((await post('/v1/admin/customers', { name: 'Csrf Co' }, { cookie, 'x-csrf-token': 'wrong' })).status).toBe(403);
      expect((await post('/v1/admin/customers', { name: 'Csrf Co' }, { cookie, 'x-csrf-token': csrfToken })).status).toBe(201);
    });

    it('shows a customer with subscriptions, licenses and usage', async () => {
      const { customer, license } = await licensedCustomer('Detail Co');
      await report(await activate(license, 'detail-1'), { reportId: 'detail-1-report', clusterId: 'detail-1', nodes: 7 });
      const response = await t.app.inject({ method: 'GET', url: `/v1/admin/customers/${customer.id}`, headers: ADMIN });
      expect(response.json()).toMatchObject({
        customer: { name: 'Detail Co' },
        subscriptions: [{ nodes: 50, status: 'active' }],
        licenses: [{ id: license.id }],
        usage: { totalNodes: 7, entitledNodes: 50, clusters: [{ clusterId: 'detail-1', nodes: 7 }] },
      });
    });

    it('downloads a license file that verifies offline', async () => {
      const { license } = await licensedCustomer('Download Co');
      const response = await t.app.inject({ method: 'GET', url: `/v1/admin/licenses/${license.id}/download`, headers: ADMIN });
      expect(response.headers['content-disposition']).toMatch(/attachment; filename="strata-license-download-co-lic_.*\.lic"/);
      const verified = verifyLicense(parseLicenseFile(response.body), { trustedKeys: t.keys.jwks, now: T0 });
      expect(verified).toMatchObject({ ok: true, claims: { licenseId: license.id, customer: { name: 'Download Co' }, nodes: 50 } });
    });

    it('refuses to issue from a cancelled subscription', async () => {
      const { subscription } = await licensedCustomer('Cancel Co');
      expect(
        (await t.app.inject({ method: 'PATCH', url: `/v1/admin/subscriptions/${subscription.id}`, payload: { status: 'cancelled' }, headers: ADMIN }))
          .statusCode,
      ).toBe(200);
      expect((await post('/v1/admin/licenses', { subscriptionId: subscription.id }, ADMIN)).status).toBe(409);
    });

    it.each([
      ['customer', '/v1/admin/customers/cus_missing'],
      ['license', '/v1/admin/licenses/lic_missing'],
    ])('answers 404 for a missing %s', async (_kind, url) => {
      expect((await t.app.inject({ method: 'GET', url, headers: ADMIN })).statusCode).toBe(404);
    });
  });

  describe('OpenAPI document', () => {
    it('describes every JSON route with its request schema', async () => {
      const doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json() as {
        openapi: string;
        paths: Record<string, Record<string, { requestBody?: unknown; security?: unknown }>>;
      };
      expect(doc.openapi).toBe('3.1.0');
      for (const path of [
        '/v1/validate',
        '/v1/activations',
        '/v1/usage-reports',
        '/v1/admin/customers',
        '/v1/admin/licenses/{id}/revoke',
        '/v1/admin/licenses/{id}/download',
      ]) {
        expect(Object.keys(doc.paths)).toContain(path);
      }
      expect(doc.paths['/v1/usage-reports']?.['post']).toMatchObject({ security: [{ activationSecret: [] }], responses: { 401: {}, 413: {}, 415: {} } });
      expect(doc.paths['/v1/admin/customers']?.['get']).toMatchObject({
        parameters: expect.arrayContaining([expect.objectContaining({ name: 'limit', in: 'query' }), expect.objectContaining({ name: 'cursor', in: 'query' })]),
      });
      expect(doc.paths['/v1/usage-reports']?.['post']?.requestBody).toMatchObject({
        content: { 'application/json': { schema: { required: expect.arrayContaining(['reportId', 'clusterId', 'nodes', 'observedAt']) } } },
      });
    });
  });
});

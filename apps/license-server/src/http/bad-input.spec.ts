import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, createTestApp, type TestApp } from '../testing/test-app';

/** Every JSON endpoint that takes a body. */
const ENDPOINTS: [string, string, Record<string, string>][] = [
  ['POST', '/v1/validate', {}],
  ['POST', '/v1/activations', {}],
  ['POST', '/v1/usage-reports', {}],
  ['POST', '/v1/admin/customers', ADMIN],
  ['POST', '/v1/admin/subscriptions', ADMIN],
  ['PATCH', '/v1/admin/subscriptions/sub_abc', ADMIN],
  ['POST', '/v1/admin/licenses', ADMIN],
  ['POST', '/v1/admin/licenses/lic_abc/revoke', ADMIN],
];

/** Bodies no endpoint accepts: broken JSON, wrong shapes, wrong types, oversized. */
const BAD_BODIES: [string, string, string][] = [
  ['truncated JSON', '{"nodes": 1', 'application/json'],
  ['not JSON at all', 'hello', 'application/json'],
  ['an empty JSON body', '', 'application/json'],
  ['JSON null', 'null', 'application/json'],
  ['a JSON array', '[1,2,3]', 'application/json'],
  ['a JSON string', '"text"', 'application/json'],
  ['a number', '42', 'application/json'],
  ['prototype pollution', '{"__proto__": {"admin": true}}', 'application/json'],
  ['a deeply nested body', `${'['.repeat(5000)}${']'.repeat(5000)}`, 'application/json'],
  [
    'every field of the wrong type',
    '{"license": 1, "clusterId": [], "nodes": "x", "reportId": {}, "observedAt": false, "name": 5, "customerId": null, "plan": 1, "subscriptionId": 2, "status": 3, "reason": 4}',
    'application/json',
  ],
  ['an unknown field only', '{"surprise": true}', 'application/json'],
];

describe('bad request bodies', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t?.close());

  describe.each(ENDPOINTS)('%s %s', (method, url, headers) => {
    it.each(BAD_BODIES)('answers 400 with field problems for %s', async (_name, payload, contentType) => {
      const response = await t.app.inject({ method: method as 'POST', url, payload, headers: { ...headers, 'content-type': contentType } });
      expect(response.statusCode).toBe(400);
      const body = response.json() as { code: string; problems: { path: string; message: string }[] };
      expect(body.code).toBe('input');
      expect(body.problems.length).toBeGreaterThan(0);
      for (const problem of body.problems) {
        expect(problem.path).toEqual(expect.any(String));
        expect(problem.message).toEqual(expect.any(String));
      }
    });

    it.each([
      ['XML', '<customer/>', 'application/xml'],
      ['plain text', 'name=x', 'text/plain'],
      ['a form', 'name=x', 'application/x-www-form-urlencoded'],
    ])('answers 415 for %s', async (_name, payload, contentType) => {
      const response = await t.app.inject({ method: method as 'POST', url, payload, headers: { ...headers, 'content-type': contentType } });
      expect(response.statusCode).toBe(415);
      expect(response.json()).toMatchObject({ code: 'unsupported-media-type', problems: [{ path: '(body)' }] });
    });

    it('answers 413 for a 1 MiB body', async () => {
      const response = await t.app.inject({
        method: method as 'POST',
        url,
        payload: JSON.stringify({ name: 'x'.repeat(1024 * 1024) }),
        headers: { ...headers, 'content-type': 'application/json' },
      });
      expect(response.statusCode).toBe(413);
      expect(response.json()).toMatchObject({ code: 'too-large', problems: [{ path: '(body)' }] });
    });
  });

  it.each([
    ['/v1/usage-reports', { reportId: 'short', clusterId: 'c1', nodes: -1, observedAt: 'yesterday' }, ['reportId', 'nodes', 'observedAt']],
    [
      '/v1/usage-reports',
      { reportId: 'r'.repeat(200), clusterId: 'c'.repeat(500), nodes: 1.5, observedAt: '2026-01-01T00:00:00Z' },
      ['reportId', 'clusterId', 'nodes'],
    ],
    ['/v1/validate', { license: 'x'.repeat(20_000), nodes: 10_000_000 }, ['license', 'nodes']],
    ['/v1/admin/customers', { name: 'n'.repeat(300), email: 'nope', extra: 1 }, ['name', 'email', 'extra']],
    [
      '/v1/admin/subscriptions',
      { customerId: 'bad id', plan: 'Gold', nodes: 0, features: ['ok', 'BAD'], termDays: 0, graceDays: 400 },
      ['customerId', 'plan', 'nodes', 'features[1]', 'termDays', 'graceDays'],
    ],
  ])('names every bad field of a body for %s', async (url, payload, paths) => {
    const response = await t.app.inject({ method: 'POST', url, payload, headers: ADMIN });
    expect(response.statusCode).toBe(400);
    const problems = (response.json() as { problems: { path: string }[] }).problems.map((p) => p.path);
    expect(problems.sort()).toEqual([...paths].sort());
  });

  it('names bad path parameters', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/v1/admin/customers/not%20an%20id', headers: ADMIN });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ problems: [{ path: 'params.id' }] });
  });

  it('names bad query parameters', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/v1/admin/licenses?customerId=%3Cscript%3E&other=1', headers: ADMIN });
    expect(response.statusCode).toBe(400);
    expect((response.json() as { problems: { path: string }[] }).problems.map((p) => p.path).sort()).toEqual(['query.customerId', 'query.other']);
  });
});

describe('rate limits', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ app: { rateLimit: { max: 5, timeWindowMs: 60_000 } } });
  });
  afterAll(async () => t?.close());

  it('answers 429 once a client exceeds the public limit', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await t.app.inject({ method: 'POST', url: '/v1/validate', payload: { nodes: 1 } })).statusCode);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    const refused = await t.app.inject({ method: 'POST', url: '/v1/validate', payload: { nodes: 1 } });
    expect(refused.headers['retry-after']).toBeDefined();
    expect(refused.json()).toMatchObject({ code: 'too-many-requests', problems: [] });
  });

  it('does not limit the admin API, which needs a token anyway', async () => {
    for (let i = 0; i < 8; i++) expect((await t.app.inject({ method: 'GET', url: '/v1/admin/customers', headers: ADMIN })).statusCode).toBe(200);
  });

  it('limits sign-in attempts', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++)
      statuses.push(
        (
          await t.app.inject({
            method: 'POST',
            url: '/admin/login',
            payload: 'token=wrong&_csrf=x',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
          })
        ).statusCode,
      );
    expect(statuses.slice(0, 5).every((s) => s === 403)).toBe(true);
    expect(statuses.slice(5)).toEqual([429, 429]);
  });
});

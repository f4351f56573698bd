import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN, createTestApp, TEST_ADMIN_TOKEN, type TestApp } from '../testing/test-app';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

describe('admin UI', () => {
  // Every test gets its own app, database and signed-in session: signing out, bulk-created
  // customers and refused posts in one test cannot change what another sees, in any order.
  let t: TestApp;
  let cookie = '';
  let csrf = '';

  beforeEach(async () => {
    t = await createTestApp();
    const login = await t.app.inject({ method: 'GET', url: '/admin/login' });
    const loginCookie = String(login.headers['set-cookie']).split(';')[0] ?? '';
    const loginCsrf = /name="_csrf" value="([^"]+)"/.exec(login.body)?.[1] ?? '';
    const signedIn = await t.app.inject({
      method: 'POST',
      url: '/admin/login',
      headers: { ...FORM, cookie: loginCookie },
      payload: new URLSearchParams({ _csrf: loginCsrf, token: TEST_ADMIN_TOKEN }).toString(),
    });
    expect(signedIn.statusCode).toBe(303);
    const setCookies = signedIn.headers['set-cookie'] as string[];
    const setCookieList = Array.isArray(setCookies) ? setCookies : [String(setCookies)];
    // The session cookie plus the CSRF secret cookie the sign-in page set.
    cookie = `${(setCookieList.find((c) => c.startsWith('strata_ls_session=')) ?? '').split(';')[0] ?? ''}; ${loginCookie}`;
    const page = await t.app.inject({ method: 'GET', url: '/admin/customers', headers: { cookie } });
    csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
  });
  afterEach(async () => t?.close());

  it('sets an httpOnly, SameSite=Strict session cookie', async () => {
    expect(cookie).toMatch(/^strata_ls_session=sess_/);
    expect(csrf.length).toBeGreaterThan(20);
  });

  it.each(['/admin', '/admin/customers', '/admin/licenses', '/admin/subscriptions'])('sends %s without a session to sign-in', async (url) => {
    const response = await t.app.inject({ method: 'GET', url });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/admin/login');
  });

  it('does not accept an API token in place of a session', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/admin/customers', headers: ADMIN })).statusCode).toBe(303);
  });

  it('refuses a sign-in without the form’s own CSRF cookie', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/admin/login', headers: FORM, payload: `token=${TEST_ADMIN_TOKEN}&_csrf=csrf_forged` });
    expect(response.statusCode).toBe(403);
    expect(response.headers['set-cookie']).not.toContain('strata_ls_session=sess_');
  });

  it.each([
    ['no CSRF token', ''],
    ['a wrong CSRF token', '&_csrf=csrf_wrong'],
  ])('refuses a form post with %s', async (_name, extra) => {
    const response = await t.app.inject({ method: 'POST', url: '/admin/customers', headers: { ...FORM, cookie }, payload: `name=Forged${extra}` });
    expect(response.statusCode).toBe(403);
    expect((await t.ctx.store.customers.list()).map((c) => c.name)).not.toContain('Forged');
  });

  it('escapes what customers type', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/admin/customers',
      headers: { ...FORM, cookie },
      payload: new URLSearchParams({ _csrf: csrf, name: '<img src=x onerror=alert(1)>' }).toString(),
    });
    expect(created.statusCode).toBe(303);
    const page = await t.app.inject({ method: 'GET', url: created.headers.location as string, headers: { cookie } });
    expect(page.body).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(page.body).not.toContain('<img src=x');
  });

  it('serves pages with a strict content security policy and no caching', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/admin/customers', headers: { cookie } });
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.headers['x-frame-options']).toBe('DENY');
  });

  it('answers a bad customer form with 400 and the field problem', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/admin/customers',
      headers: { ...FORM, cookie },
      payload: new URLSearchParams({ _csrf: csrf, name: '', email: 'nope' }).toString(),
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('must be an email address');
  });

  it('shows a refused action on the customer page with its reason', async () => {
    const customer = await t.ctx.store.customers.create({ name: 'Refused Co' });
    const sub = await t.ctx.store.subscriptions.create({
      customerId: customer.id,
      plan: 'standard',
      nodes: 5,
      features: [],
      startsAt: new Date(),
      endsAt: new Date(Date.now() + 86_400_000),
      graceDays: 0,
    });
    await t.ctx.store.subscriptions.setStatus(sub.id, 'suspended');
    const response = await t.app.inject({
      method: 'POST',
      url: `/admin/subscriptions/${sub.id}/licenses`,
      headers: { ...FORM, cookie },
      payload: `_csrf=${csrf}`,
    });
    expect(response.statusCode).toBe(409);
    expect(response.body).toContain('only active subscriptions can issue licenses');
  });

  it('shows long lists a page at a time with a Next page link', async () => {
    for (let i = 0; i < 105; i++) await t.ctx.store.customers.create({ name: `Bulk ${String(i).padStart(3, '0')}` });
    const first = await t.app.inject({ method: 'GET', url: '/admin/customers', headers: { cookie } });
    expect(first.body.match(/<tr>\s*<td><a href="\/admin\/customers\//g)).toHaveLength(100);
    const next = /<a rel="next" href="([^"]+)">/.exec(first.body)?.[1]?.replace(/&amp;/g, '&');
    expect(next).toMatch(/^\/admin\/customers\?cursor=/);
    const second = await t.app.inject({ method: 'GET', url: next ?? '', headers: { cookie } });
    expect(second.body).toContain('Bulk 104');
    expect(second.body).not.toContain('rel="next"');
  });

  it('signs out and forgets the session', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/admin/logout', headers: { ...FORM, cookie }, payload: `_csrf=${csrf}` });
    expect(response.statusCode).toBe(303);
    expect((await t.app.inject({ method: 'GET', url: '/admin/customers', headers: { cookie } })).statusCode).toBe(303);
  });
});

import { expect, test, type APIResponse } from '@playwright/test';
import { login } from './support/fixtures';

/** The headers the console promises on every page and every API answer. */
function expectSecurityHeaders(res: APIResponse, what: string): void {
  const headers = res.headers();
  expect(headers['content-security-policy'], what).toContain("frame-ancestors 'none'");
  expect(headers['content-security-policy'], what).toContain("default-src 'self'");
  expect(headers['x-frame-options'], what).toBe('DENY');
  expect(headers['x-content-type-options'], what).toBe('nosniff');
  expect(headers['referrer-policy'], what).toBeTruthy();
}

test('pages, API answers and errors carry the security headers', async ({ page }) => {
  const origin = new URL(test.info().project.use.baseURL ?? '').origin;
  expectSecurityHeaders(await page.request.get('/login'), 'the login page');
  expectSecurityHeaders(await page.request.get('/api/health'), 'an API answer');
  expectSecurityHeaders(await page.request.get('/api/session'), 'an unauthenticated API answer');
  expectSecurityHeaders(await page.request.post('/api/auth/login', { headers: { origin }, data: { username: '', password: '' } }), 'an input error');
});

test('pages allow only scripts carrying a fresh nonce, never inline code', async ({ page }) => {
  const policies = await Promise.all(
    [page.request.get('/login'), page.request.get('/login')].map(async (r) => (await r).headers()['content-security-policy'] ?? ''),
  );
  const nonces = policies.map((policy) => {
    const scripts = policy.split(';').find((d) => d.trim().startsWith('script-src')) ?? '';
    expect(scripts, 'script-src').not.toContain("'unsafe-inline'");
    return /'nonce-([A-Za-z0-9+/=]+)'/.exec(scripts)?.[1];
  });
  expect(nonces[0]).toBeTruthy();
  expect(nonces[1]).toBeTruthy();
  expect(nonces[0], 'a nonce is never reused').not.toBe(nonces[1]);

  await page.goto('/login');
  const scripts = await page
    .locator('script')
    .evaluateAll((elements) => elements.map((e) => ({ src: e.getAttribute('src'), nonce: (e as HTMLScriptElement).nonce })));
  expect(scripts.length).toBeGreaterThan(0);
  for (const script of scripts) expect(script.nonce, `script ${script.src ?? '(inline)'} carries the nonce`).not.toBe('');
  // Markup injected into a served page (a stored XSS) carries no nonce: the browser refuses it,
  // while the page's own scripts still run (the form hydrates and signs in).
  await page.route('**/login', async (route) => {
    const response = await route.fetch();
    const html = (await response.text()).replace('</head>', '<script>window.__injected = true</script></head>');
    await route.fulfill({ response, body: html });
  });
  await page.goto('/login');
  await expect(page.locator('input[name=username]')).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { __injected?: boolean }).__injected === true)).toBe(false);
});

test('the production pages work under the Content-Security-Policy', async ({ page }) => {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  await login(page);
  await expect(page.getByRole('heading', { name: 'Clusters' })).toBeVisible();
  expect(violations).toEqual([]);
});

test('the login page shows only its own messages, never text from the address', async ({ page }) => {
  const attacker = 'Your account is locked, call 555-0100';
  await page.goto(`/login?error=${encodeURIComponent(attacker)}`);
  await expect(page.locator('input[name=username]')).toBeVisible();
  await expect(page.getByText(attacker)).toHaveCount(0);
});

test('repeated failed sign-ins for one account are answered 429 with Retry-After', async ({ page }) => {
  const origin = new URL(test.info().project.use.baseURL ?? '').origin;
  const attempt = () => page.request.post('/api/auth/login', { headers: { origin }, data: { username: 'mallory-target', password: 'wrong-password' } });
  const statuses: number[] = [];
  let limited: APIResponse | undefined;
  for (let i = 0; i < 6 && !limited; i += 1) {
    const res = await attempt();
    statuses.push(res.status());
    if (res.status() === 429) limited = res;
  }
  expect(statuses[0]).toBe(401);
  expect(limited, `statuses: ${statuses.join(', ')}`).toBeDefined();
  expect(Number(limited?.headers()['retry-after'])).toBeGreaterThan(0);
  const body = (await limited?.json()) as { code: string; message: string; problems: unknown[] };
  expect(body.code).toBe('too-many-requests');
  expect(Array.isArray(body.problems)).toBe(true);
});

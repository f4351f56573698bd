import { expect, test } from '@playwright/test';
import { e2e } from './support/e2e-env';

test.describe('console production build', () => {
  test('sends a visitor without a session to the login page', async ({ page }) => {
    await page.goto('/');
    await expect(page).toHaveURL(/\/login$/);
    await expect(page).toHaveTitle('Strata console');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Strata console');
    await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();
  });

  test('answers its health endpoint', async ({ request }) => {
    const res = await request.get('/api/health');
    expect(res.status()).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', component: 'console' });
  });

  test('refuses the API without a session', async ({ request }) => {
    const res = await request.get('/api/clusters');
    expect(res.status()).toBe(401);
  });

  test('refuses a wrong password and sets no session cookie', async ({ page, context }) => {
    await page.goto('/login');
    await page.locator('input[name=username]').fill('admin');
    await page.locator('input[name=password]').fill(`${e2e.adminPassword}-wrong`);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'Wrong username' })).toHaveText('Wrong username or password.');
    expect((await context.cookies()).map((c) => c.name)).not.toContain('strata_session');
  });

  test('signs in with the admin password and sets an httpOnly session cookie', async ({ page, context }) => {
    await page.goto('/login');
    await page.locator('input[name=username]').fill('admin');
    await page.locator('input[name=password]').fill(e2e.adminPassword);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'Clusters' })).toBeVisible();
    const cookie = (await context.cookies()).find((c) => c.name === 'strata_session');
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Lax');
    expect(await page.evaluate(() => document.cookie)).not.toContain('strata_session');
  });
});

import { expect, test } from '@playwright/test';

test.describe('console production build', () => {
  test('serves the landing page with an honest empty state', async ({ page }) => {
    await page.goto('/');
    await expect(page).toHaveTitle('Strata console');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Strata console');
    await expect(page.getByText('No clusters are registered with this console yet.')).toBeVisible();
  });

  test('answers its health endpoint', async ({ request }) => {
    const res = await request.get('/api/health');
    expect(res.status()).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', component: 'console' });
  });
});

import { expect, test } from '@playwright/test';
import { startDex } from './support/dex';
import { e2e } from './support/e2e-env';

let dex: { stop: () => void } | undefined;

test.beforeAll(async () => {
  dex = await startDex(e2e.dexConfig, e2e.dexIssuer);
});

test.afterAll(() => dex?.stop());

test('signs in through the OIDC provider, with the role its groups give', async ({ page, context }) => {
  await page.goto('/login');
  await page.getByRole('link', { name: 'Sign in with OIDC' }).click();
  // Dex's mock connector signs its user in at once and sends the browser back to the console.
  await expect(page.getByRole('heading', { name: 'Clusters' })).toBeVisible();
  await expect(page.getByTestId('signed-in-role')).toHaveText('operator');
  await expect(page.getByRole('link', { name: 'Users' })).toHaveCount(0);
  const cookies = await context.cookies();
  expect(cookies.find((c) => c.name === 'strata_session')?.httpOnly).toBe(true);
  // The state, nonce and PKCE verifier were used once and are gone.
  expect(cookies.map((c) => c.name)).not.toContain('strata_oidc');
});

test('a callback without the sign-in it belongs to is refused', async ({ page }) => {
  await page.goto('/api/auth/oidc/callback?code=forged&state=forged');
  await expect(page).toHaveURL(/\/login\?error=/);
  await expect(page.getByRole('alert').filter({ hasText: 'try again' })).toBeVisible();
});

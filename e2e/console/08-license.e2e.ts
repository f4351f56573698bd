import { expect, test } from '@playwright/test';
import { e2e } from './support/e2e-env';
import { login } from './support/fixtures';
import { kubectl } from './support/kubectl';

test.afterAll(() => {
  kubectl(e2e.kubeconfig, ['delete', 'nodes', '-l', 'strata.dev/e2e=extra', '--ignore-not-found']);
});

test('uploading a license raises the entitlement and clears the banner', async ({ page }) => {
  await login(page);
  await page.goto('/license');
  const entitlement = page.getByTestId('entitlement');
  await expect(entitlement).toHaveText('12 / 10');
  await expect(page.getByTestId('license-banner')).toBeVisible();
  await expect(page.locator('.recharts-surface').first()).toBeVisible();

  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Upload license file' }).click();
  await (await chooser).setFiles(e2e.licenseFile);

  await expect(entitlement).toHaveText('12 / 50');
  await expect(page.getByTestId('license-message')).toContainText('E2E Test Customer');
  await expect(page.getByText('License valid')).toBeVisible();
  await expect(page.getByTestId('license-banner')).toHaveCount(0);
  await page.goto('/');
  await expect(page.getByTestId('license-summary')).toContainText('VALID');
  await expect(page.getByTestId('license-summary')).toContainText('12 of 50 nodes');
});

test('refuses a file that is not a valid license', async ({ page }) => {
  await login(page);
  await page.goto('/license');
  await page.getByLabel('License text').fill('not-a-license');
  await page.getByRole('button', { name: 'Install pasted license' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'License not installed' })).toContainText('not valid');
  await expect(page.getByTestId('entitlement')).toHaveText('12 / 50');
});

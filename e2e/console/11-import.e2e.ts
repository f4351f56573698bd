import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { e2e } from './support/e2e-env';
import { login } from './support/fixtures';

const NAME = 'imported-e2e';

test('an admin imports a cluster from a kubeconfig and removes it again', async ({ page }) => {
  await login(page);
  await page.getByRole('link', { name: 'Import a cluster' }).first().click();
  await page.getByRole('textbox', { name: 'Name' }).fill(NAME);
  await page.getByRole('textbox', { name: 'Kubeconfig' }).fill(readFileSync(e2e.kubeconfig, 'utf8'));
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.getByRole('heading', { name: `Cluster ${NAME}` })).toBeVisible();
  await expect(page.getByTestId('stat-nodes-ready')).toHaveText('3/3');

  await page.goto('/');
  const clusters = page.getByRole('table', { name: 'Clusters' });
  const imported = clusters.locator(`tr[data-cluster="${NAME}"]`);
  await expect(imported).toContainText('imported');
  await expect(imported.getByTestId('nodes-ready')).toHaveText('3/3');
  // Installed clusters leave with `strata destroy`, not from the console.
  await expect(page.getByRole('button', { name: `Remove ${e2e.clusterName}`, exact: true })).toHaveCount(0);

  await page.getByRole('button', { name: `Remove ${NAME}`, exact: true }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Remove', exact: true }).click();
  await expect(imported).toHaveCount(0);
  await expect(clusters.locator(`tr[data-cluster="${e2e.clusterName}"]`)).toHaveCount(1);
});

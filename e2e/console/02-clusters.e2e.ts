import { expect, test } from '@playwright/test';
import { e2e } from './support/e2e-env';
import { login } from './support/fixtures';

test('lists the installed cluster with its three Ready nodes', async ({ page }) => {
  await login(page);
  const clusters = page.getByRole('table', { name: 'Clusters' });
  const row = clusters.getByRole('row').filter({ has: page.getByRole('link', { name: e2e.clusterName, exact: true }) });
  await expect(row.getByTestId('nodes-ready')).toHaveText('3/3');
  await expect(row).toContainText('Healthy');
  await expect(row).toContainText('v1.');
  await expect(page.getByTestId('license-summary')).toContainText('FREE_TIER');

  await row.getByRole('link', { name: e2e.clusterName, exact: true }).click();
  await expect(page.getByRole('heading', { name: `Cluster ${e2e.clusterName}` })).toBeVisible();
  await expect(page.getByTestId('stat-nodes-ready')).toHaveText('3/3');
  await expect(page.getByTestId('stat-control-plane')).toHaveText('Healthy');
  // The add-ons every Strata cluster gets, each with its desired and ready pods.
  await expect(page.getByTestId('stat-add-ons')).toHaveText('Ready');
  const addons = page.getByRole('table', { name: 'Cluster add-ons' });
  await expect(addons.locator('tr[data-addon="kube-proxy"]')).toContainText('3/3');
  await expect(addons.locator('tr[data-addon="flannel"]')).toContainText('3/3');
  await expect(addons.locator('tr[data-addon="coredns"]')).toContainText('2/2');
  await expect(addons.locator('tbody [data-status="Ready"]')).toHaveCount(3);

  await page.getByRole('tab', { name: 'Nodes' }).click();
  const nodes = page.getByRole('table', { name: 'Nodes' });
  await expect(nodes.locator('tbody tr')).toHaveCount(3);
  await expect(nodes.locator('tbody [data-status="Ready"]')).toHaveCount(3);
  await expect(nodes.locator('tbody tr', { hasText: 'control-plane' })).toHaveCount(1);
  await expect(nodes.locator('tbody tr', { hasText: 'worker' })).toHaveCount(2);
  await expect(nodes).toContainText('InternalIP=127.');
});

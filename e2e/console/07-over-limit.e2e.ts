import { expect, test } from '@playwright/test';
import { e2e } from './support/e2e-env';
import { clusterId, login } from './support/fixtures';
import { kubectl } from './support/kubectl';

/** Node objects added through the API (no machine behind them); the platform counts every Node. */
const EXTRA_NODES = Array.from({ length: 9 }, (_, i) => `${e2e.clusterName}-extra-${i + 1}`);

test('a platform over the free tier shows the license banner on every page', async ({ page }) => {
  const list = {
    apiVersion: 'v1',
    kind: 'List',
    items: EXTRA_NODES.map((name) => ({ apiVersion: 'v1', kind: 'Node', metadata: { name, labels: { 'strata.dev/e2e': 'extra' } } })),
  };
  kubectl(e2e.kubeconfig, ['create', '-f', '-'], JSON.stringify(list));
  expect(kubectl(e2e.kubeconfig, ['get', 'nodes', '-o', 'name']).trim().split('\n')).toHaveLength(12);

  await login(page);
  const banner = page.getByTestId('license-banner');
  // The console counts nodes every few seconds; reload until it has seen the new ones.
  await expect(async () => {
    await page.goto('/');
    await expect(banner).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 120_000, intervals: [2_000] });
  await expect(banner).toContainText('Over the node limit');
  await expect(banner).toContainText('the platform counts 12');
  await expect(banner).toContainText('Grace period ends in');

  const id = await clusterId(page.request);
  for (const url of [`/clusters/${id}`, `/clusters/${id}/nodes`, `/clusters/${id}/workloads`, `/clusters/${id}/events`, '/license', '/users']) {
    await page.goto(url);
    await expect(banner, `banner on ${url}`).toBeVisible();
  }
  await page.goto(`/clusters/${id}/nodes`);
  await expect(page.getByRole('table', { name: 'Nodes' }).locator('tbody tr')).toHaveCount(12);
});

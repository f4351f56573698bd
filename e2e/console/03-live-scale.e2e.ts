import { expect, test } from '@playwright/test';
import { E2E_NAMESPACE, e2e } from './support/e2e-env';
import { clusterId, login } from './support/fixtures';
import { kubectl } from './support/kubectl';

test('scaling a deployment from 2 to 5 shows 5 pods without a reload', async ({ page, context }) => {
  await login(page);
  const id = await clusterId(page.request);

  // A second tab watches the pods; it is never reloaded.
  const podsTab = await context.newPage();
  await podsTab.goto(`/clusters/${id}/pods?namespace=${E2E_NAMESPACE}`);
  const webPods = podsTab.getByRole('table', { name: 'Pods' }).locator('tbody tr', { hasText: 'web-' });
  await expect(webPods).toHaveCount(2);
  await expect(podsTab.getByLabel('Live updates: Live')).toBeVisible();
  await podsTab.evaluate(() => {
    (window as unknown as { notReloaded: boolean }).notReloaded = true;
  });

  await page.goto(`/clusters/${id}/workloads?namespace=${E2E_NAMESPACE}`);
  const web = page.getByRole('table', { name: 'Deployments' }).locator('tbody tr', { hasText: 'web' }).filter({ hasNotText: 'guarded' });
  await expect(web.getByTestId('workload-ready')).toHaveText('2/2');
  await page.getByRole('button', { name: 'Scale web' }).click();
  const dialog = page.getByRole('dialog', { name: /Scale Deployment/ });
  await dialog.getByLabel('Replicas').fill('5');
  await dialog.getByRole('button', { name: 'Scale', exact: true }).click();
  await expect(dialog).toBeHidden();

  await expect(webPods).toHaveCount(5);
  await expect(webPods.locator('[data-status="Running"]')).toHaveCount(5);
  expect(await podsTab.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
  // The workloads table follows too, without a reload.
  await expect(web.getByTestId('workload-ready')).toHaveText('5/5');
  expect(kubectl(e2e.kubeconfig, ['-n', E2E_NAMESPACE, 'get', 'deployment', 'web', '-o', 'jsonpath={.spec.replicas}'])).toBe('5');
});

import { expect, test } from '@playwright/test';
import { E2E_NAMESPACE, e2e } from './support/e2e-env';
import { clusterId, login } from './support/fixtures';
import { kubectl } from './support/kubectl';

test('a YAML edit over a newer version says it changed since loading and offers a reload', async ({ page }) => {
  await login(page);
  const id = await clusterId(page.request);
  await page.goto(`/clusters/${id}/yaml?resource=deployments&namespace=${E2E_NAMESPACE}&name=web`);
  const editor = page.getByLabel(`YAML of deployments ${E2E_NAMESPACE}/web`);
  await expect(editor).toHaveValue(/replicas: 5/);

  // Someone else changes the deployment after the page loaded it.
  kubectl(e2e.kubeconfig, ['-n', E2E_NAMESPACE, 'annotate', 'deployment', 'web', 'e2e/changed-by=someone-else']);
  await editor.fill((await editor.inputValue()).replace(/replicas: 5/, 'replicas: 4'));
  await page.getByRole('button', { name: 'Save' }).click();
  const conflict = page.getByRole('alert').filter({ hasText: 'Changed since you loaded it' });
  await expect(conflict).toBeVisible();
  expect(kubectl(e2e.kubeconfig, ['-n', E2E_NAMESPACE, 'get', 'deployment', 'web', '-o', 'jsonpath={.spec.replicas}'])).toBe('5');

  await conflict.getByRole('button', { name: 'Reload' }).click();
  await expect(editor).toHaveValue(/e2e\/changed-by: someone-else/);
  await editor.fill((await editor.inputValue()).replace(/replicas: 5/, 'replicas: 4'));
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Saved web')).toBeVisible();
  expect(kubectl(e2e.kubeconfig, ['-n', E2E_NAMESPACE, 'get', 'deployment', 'web', '-o', 'jsonpath={.spec.replicas}'])).toBe('4');
});

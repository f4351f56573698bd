import { expect, test } from '@playwright/test';
import { E2E_NAMESPACE, e2e } from './support/e2e-env';
import { clusterId, csrfOf, login } from './support/fixtures';
import { kubectl } from './support/kubectl';

const VIEWER = { username: 'vera', password: 'vera-reads-only-1' };

test('a viewer sees no actions, and the server refuses a forged scale', async ({ page, browser }) => {
  await login(page);
  const id = await clusterId(page.request);

  // The admin adds the viewer on the Users page.
  await page.goto('/users');
  const form = page.locator('form', { hasText: 'Add a user' });
  await form.locator('input').first().fill(VIEWER.username);
  await form.locator('input[type=password]').fill(VIEWER.password);
  await form.getByRole('button', { name: 'Add user' }).click();
  await expect(page.getByRole('table', { name: 'Users' }).locator(`tr[data-user="${VIEWER.username}"]`)).toHaveAttribute('data-role', 'viewer');

  const viewerContext = await browser.newContext();
  const viewer = await viewerContext.newPage();
  await login(viewer, VIEWER.username, VIEWER.password);
  await expect(viewer.getByTestId('signed-in-role')).toHaveText('viewer');
  await expect(viewer.getByRole('link', { name: 'Users' })).toHaveCount(0);

  await viewer.goto(`/clusters/${id}/workloads?namespace=${E2E_NAMESPACE}`);
  const deployments = viewer.getByRole('table', { name: 'Deployments' });
  await expect(deployments.getByRole('link', { name: 'web', exact: true })).toBeVisible();
  await expect(deployments.locator('tbody').getByRole('button')).toHaveCount(0);
  await expect(viewer.getByRole('button', { name: 'Scale web' })).toHaveCount(0);

  await viewer.goto(`/clusters/${id}/nodes`);
  await expect(viewer.getByRole('table', { name: 'Nodes' }).locator('tbody tr')).toHaveCount(3);
  await expect(viewer.getByRole('button', { name: /^(Cordon|Drain)/ })).toHaveCount(0);

  const before = kubectl(e2e.kubeconfig, ['-n', E2E_NAMESPACE, 'get', 'deployment', 'web', '-o', 'jsonpath={.spec.replicas}']);
  const scale = { resource: 'deployments', namespace: E2E_NAMESPACE, name: 'web', replicas: 1 };
  // Forged with the viewer's own valid CSRF token: the role check refuses it.
  const forged = await viewer.request.post(`/api/clusters/${id}/scale`, { headers: { 'x-csrf-token': await csrfOf(viewer) }, data: scale });
  expect(forged.status()).toBe(403);
  expect(((await forged.json()) as { message: string }).message).toContain('may not operate');
  // Without the token the CSRF check refuses it first.
  const noToken = await viewer.request.post(`/api/clusters/${id}/scale`, { data: scale });
  expect(noToken.status()).toBe(403);
  // Other mutations and admin reads are refused too.
  expect(
    (
      await viewer.request.post(`/api/clusters/${id}/nodes/${e2e.clusterName}-default-0/cordon`, { headers: { 'x-csrf-token': await csrfOf(viewer) } })
    ).status(),
  ).toBe(403);
  expect((await viewer.request.get('/api/users')).status()).toBe(403);
  expect(kubectl(e2e.kubeconfig, ['-n', E2E_NAMESPACE, 'get', 'deployment', 'web', '-o', 'jsonpath={.spec.replicas}'])).toBe(before);
  expect(kubectl(e2e.kubeconfig, ['get', 'node', `${e2e.clusterName}-default-0`, '-o', 'jsonpath={.spec.unschedulable}'])).toBe('');
  await viewerContext.close();
});

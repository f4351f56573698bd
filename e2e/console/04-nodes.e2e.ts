import { expect, test, type Page } from '@playwright/test';
import { E2E_NAMESPACE, e2e } from './support/e2e-env';
import { clusterId, login } from './support/fixtures';
import { kubectl } from './support/kubectl';

function nodeOf(selector: string): string {
  return kubectl(e2e.kubeconfig, ['-n', E2E_NAMESPACE, 'get', 'pods', '-l', selector, '-o', 'jsonpath={.items[0].spec.nodeName}']).trim();
}

function workers(): string[] {
  return kubectl(e2e.kubeconfig, ['get', 'nodes', '-l', '!node-role.kubernetes.io/control-plane', '-o', 'jsonpath={.items[*].metadata.name}'])
    .trim()
    .split(/\s+/)
    .filter((n) => n.startsWith(`${e2e.clusterName}-`));
}

async function openNodes(page: Page): Promise<void> {
  await login(page);
  await page.goto(`/clusters/${await clusterId(page.request)}/nodes`);
  await expect(page.getByRole('table', { name: 'Nodes' }).locator('tbody tr').first()).toBeVisible();
}

function nodeRow(page: Page, node: string) {
  return page.getByRole('table', { name: 'Nodes' }).locator('tbody tr', { has: page.getByRole('link', { name: node, exact: true }) });
}

test.describe('node actions', () => {
  test('cordons, then drains a worker', async ({ page }) => {
    const guarded = nodeOf('app=guarded');
    const node = workers().find((w) => w !== guarded);
    if (!node) throw new Error(`no worker without the guarded pod (workers: ${workers().join(', ')})`);
    await openNodes(page);
    const row = nodeRow(page, node);

    await page.getByRole('button', { name: `Cordon ${node}`, exact: true }).click();
    await expect(row.locator('[data-status="SchedulingDisabled"]')).toBeVisible();
    expect(kubectl(e2e.kubeconfig, ['get', 'node', node, '-o', 'jsonpath={.spec.unschedulable}'])).toBe('true');

    await page.getByRole('button', { name: `Drain ${node}`, exact: true }).click();
    const dialog = page.getByRole('dialog', { name: `Drain ${node}`, exact: true });
    await dialog.getByRole('button', { name: 'Drain', exact: true }).click();
    await expect(dialog.getByTestId('drain-result')).toContainText(`Drained ${node}`, { timeout: 120_000 });
    await expect(dialog.getByTestId('drain-result')).toContainText(/[1-9]\d* pods? evicted/);
    await dialog.getByRole('button', { name: 'Close' }).click();
    const left = kubectl(e2e.kubeconfig, ['get', 'pods', '-A', '--field-selector', `spec.nodeName=${node}`, '-o', 'jsonpath={.items[*].metadata.name}']);
    expect(left.split(/\s+/).filter((p) => p.startsWith('web-'))).toEqual([]);

    await page.getByRole('button', { name: `Uncordon ${node}`, exact: true }).click();
    await expect(row.locator('[data-status="SchedulingDisabled"]')).toHaveCount(0);
  });

  test('shows the PodDisruptionBudget refusal when a drain cannot evict a pod', async ({ page }) => {
    const node = nodeOf('app=guarded');
    await openNodes(page);
    await page.getByRole('button', { name: `Drain ${node}`, exact: true }).click();
    const dialog = page.getByRole('dialog', { name: `Drain ${node}`, exact: true });
    await dialog.getByLabel('Give up after (seconds)').fill('5');
    await dialog.getByRole('button', { name: 'Drain', exact: true }).click();
    const result = dialog.getByTestId('drain-result');
    await expect(result).toContainText(`${node} is not fully drained`, { timeout: 120_000 });
    const refused = result.getByRole('list', { name: 'Refused evictions' });
    await expect(refused).toContainText(`${E2E_NAMESPACE}/guarded-`);
    await expect(refused).toContainText(/disruption budget/i);
    await dialog.getByRole('button', { name: 'Close' }).click();

    // Leave the node schedulable again for the suites after this one.
    await page.getByRole('button', { name: `Uncordon ${node}`, exact: true }).click();
    await expect(nodeRow(page, node).locator('[data-status="SchedulingDisabled"]')).toHaveCount(0);
    expect(kubectl(e2e.kubeconfig, ['-n', E2E_NAMESPACE, 'get', 'pods', '-l', 'app=guarded', '-o', 'jsonpath={.items[*].spec.nodeName}'])).toBe(node);
  });
});

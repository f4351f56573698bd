import { expect, test } from '@playwright/test';
import { E2E_NAMESPACE, e2e } from './support/e2e-env';
import { clusterId, login } from './support/fixtures';
import { kubectl } from './support/kubectl';

type Counted = Window & { streamOpens?: number; notReloaded?: boolean };

test('a live table keeps updating after its stream reconnects, without a reload', async ({ page }) => {
  // Count every (re)opened event stream of the page.
  await page.addInitScript(() => {
    const Native = window.EventSource;
    window.EventSource = class extends Native {
      constructor(url: string | URL, init?: EventSourceInit) {
        super(url, init);
        this.addEventListener('open', () => {
          const w = window as Counted;
          w.streamOpens = (w.streamOpens ?? 0) + 1;
        });
      }
    };
  });
  await login(page);
  const id = await clusterId(page.request);
  const replicas = Number(kubectl(e2e.kubeconfig, ['-n', E2E_NAMESPACE, 'get', 'deployment', 'web', '-o', 'jsonpath={.spec.replicas}']));
  await page.goto(`/clusters/${id}/pods?namespace=${E2E_NAMESPACE}`);
  const webPods = page.getByRole('table', { name: 'Pods' }).locator('tbody tr', { hasText: 'web-' });
  await expect(webPods).toHaveCount(replicas);
  await page.evaluate(() => {
    (window as Counted).notReloaded = true;
  });

  // The console ends every stream after STRATA_CONSOLE_STREAM_MAX_MS (20 s here); the page reconnects.
  await expect.poll(() => page.evaluate(() => (window as Counted).streamOpens ?? 0), { timeout: 90_000, intervals: [1_000] }).toBeGreaterThanOrEqual(2);
  await expect(page.getByLabel('Live updates: Live')).toBeVisible();

  const next = replicas === 3 ? 2 : 3;
  kubectl(e2e.kubeconfig, ['-n', E2E_NAMESPACE, 'scale', 'deployment', 'web', `--replicas=${next}`]);
  await expect(webPods).toHaveCount(next);
  expect(await page.evaluate(() => (window as Counted).notReloaded)).toBe(true);
});

import { expect, type Page } from '@playwright/test';

declare global {
  interface Window {
    __installEvents?: { snapshotSeq: number; seqs: number[] };
  }
}

/** What the progress page received from the event stream since it loaded. */
export async function receivedInstallEvents(page: Page): Promise<{ snapshotSeq: number; seqs: number[] }> {
  return page.evaluate(() => window.__installEvents ?? { snapshotSeq: -1, seqs: [] });
}

/** Every sequence number right after the snapshot's, each once: nothing lost, nothing twice. */
export function expectGapFree(events: { snapshotSeq: number; seqs: number[] }): void {
  expect(events.snapshotSeq).toBeGreaterThanOrEqual(0);
  expect(events.seqs).toEqual(events.seqs.map((_, i) => events.snapshotSeq + 1 + i));
}

/** Presses the wizard's Next button towards step `title` and waits for that step's heading. */
export async function next(page: Page, title: string): Promise<void> {
  await page.getByRole('button', { name: `Next: ${title}` }).click();
  await expect(page.getByRole('heading', { name: title, level: 3 })).toBeVisible();
}

/**
 * Drives the wizard of a signed-in operator from the clusters page to a started local install
 * of `name` (one control plane, `workers` workers on `range`), through the plan, and returns the
 * install's id once the progress page shows it.
 */
export async function startLocalInstallThroughWizard(page: Page, options: { name: string; range: string; workers: number }): Promise<string> {
  await page.getByRole('link', { name: 'Create cluster' }).click();
  await expect(page.getByRole('heading', { name: 'Create a cluster' })).toBeVisible();
  await page.getByRole('radio', { name: 'Local machine' }).check();
  await next(page, 'Basics');
  await page.locator('input[data-path="metadata.name"]').fill(options.name);
  await next(page, 'Placement');
  await page.locator('input[data-path="spec.platform.local.addressRange"]').fill(options.range);
  await next(page, 'Control plane');
  await next(page, 'Worker pools');
  await page.locator('input[data-path="spec.workers[0].replicas"]').fill(String(options.workers));
  await next(page, 'Networking');
  await next(page, 'SSH keys');
  await next(page, 'License');
  await next(page, 'Review');
  await expect(page.getByTestId('draft-status')).toHaveAttribute('data-status', 'saved');
  await page.getByRole('button', { name: 'Make the plan' }).click();
  await expect(page.getByRole('table', { name: 'Plan' }).locator(`tr[data-resource="machine/${options.name}-cp-0"]`)).toBeVisible();
  await page.getByRole('button', { name: 'Install', exact: true }).click();
  await page.waitForURL(/\/installs\/[^/]+$/);
  await expect(page.getByRole('heading', { name: `Installing ${options.name}` })).toBeVisible();
  return decodeURIComponent(new URL(page.url()).pathname.split('/').pop() ?? '');
}

import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { e2e } from './support/e2e-env';
import { createUser, csrfOf, login } from './support/fixtures';
import { expectGapFree, next, receivedInstallEvents as received } from './support/wizard-install';

/** Unique per run, so a leftover of an earlier run never meets this one. */
const suffix = Math.random().toString(36).slice(2, 7);
const NAME = `wiz-${suffix}`;
/** Outside 127.100–199.x.0/24, the ranges the suite's own cluster picks from. */
const RANGE = `127.${210 + Math.floor(Math.random() * 40)}.${Math.floor(Math.random() * 250)}.0/24`;
const VIEWER = { username: 'wanda', password: 'wanda-reads-only-1' };

test.describe.configure({ mode: 'serial' });

test('an admin installs a small local cluster through the wizard, follows it live across a reload, opens it and destroys it', async ({ page }) => {
  test.setTimeout(900_000);
  // Every answer the browser gets on the way (pages, API, downloads; the event streams apart) is checked for the service token.
  const answers: Promise<string>[] = [];
  page.on('response', (res) => {
    if ((res.headers()['content-type'] ?? '').includes('text/event-stream')) return;
    answers.push(res.text().catch(() => ''));
  });
  await login(page);
  await page.getByRole('link', { name: 'Create cluster' }).click();
  await expect(page.getByRole('heading', { name: 'Create a cluster' })).toBeVisible();
  await page.getByRole('radio', { name: 'Local machine' }).check();
  await next(page, 'Basics');
  await page.locator('input[data-path="metadata.name"]').fill(NAME);
  await next(page, 'Placement');
  await page.locator('input[data-path="spec.platform.local.addressRange"]').fill(RANGE);
  await next(page, 'Control plane');
  await next(page, 'Worker pools');
  await page.locator('input[data-path="spec.workers[0].replicas"]').fill('1');
  await next(page, 'Networking');
  await next(page, 'SSH keys');
  await next(page, 'License');
  await expect(page.getByTestId('license-nodes')).toContainText('2 nodes');
  await next(page, 'Review');
  const yaml = await page.getByRole('textbox', { name: 'Cluster document' }).inputValue();
  expect(yaml).toContain(`name: ${NAME}`);
  expect(yaml).toContain(`addressRange: ${RANGE}`);
  await expect(page.getByTestId('draft-status')).toHaveAttribute('data-status', 'saved');

  await page.getByRole('button', { name: 'Make the plan' }).click();
  await expect(page.getByRole('table', { name: 'Plan' }).locator(`tr[data-resource="machine/${NAME}-cp-0"]`)).toBeVisible();
  await page.getByRole('button', { name: 'Install', exact: true }).click();
  await page.waitForURL(/\/installs\/[^/]+$/);
  const installId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop() ?? '');
  await expect(page.getByRole('heading', { name: `Installing ${NAME}` })).toBeVisible();

  // Mid-install: some events arrived live, then the page is reloaded and goes on from its snapshot.
  await expect.poll(async () => (await received(page)).seqs.length, { timeout: 120_000 }).toBeGreaterThan(2);
  const beforeReload = await received(page);
  expectGapFree(beforeReload);
  expect(await page.getByTestId('install').getAttribute('data-state')).not.toBe('succeeded');
  await page.reload();
  await expect(page.getByRole('heading', { name: `Installing ${NAME}` })).toBeVisible();
  const afterReload = await received(page);
  expect(afterReload.snapshotSeq).toBeGreaterThanOrEqual(beforeReload.snapshotSeq + beforeReload.seqs.length);

  await expect(page.getByTestId('install')).toHaveAttribute('data-state', 'succeeded', { timeout: 600_000 });
  const events = await received(page);
  expectGapFree(events);
  expect(events.seqs.length).toBeGreaterThan(0);
  expect(Number(await page.getByTestId('install').getAttribute('data-last-seq'))).toBe(events.snapshotSeq + events.seqs.length);
  const phases = page.getByRole('table', { name: 'Phases' });
  await expect(phases.locator('tbody tr')).not.toHaveCount(0);
  await expect(phases.locator('tbody tr[data-state="running"]')).toHaveCount(0);
  const machines = page.getByRole('table', { name: 'Machines' });
  await expect(machines.locator(`tr[data-machine="${NAME}-cp-0"]`)).toBeVisible();
  await expect(machines.locator(`tr[data-machine="${NAME}-default-0"]`)).toBeVisible();
  await expect(page.getByRole('link', { name: 'Download the admin kubeconfig' })).toBeVisible();

  const token = readFileSync(e2e.installerTokenFile, 'utf8').trim();
  expect(token.length).toBeGreaterThan(16);
  const seen = await Promise.all(answers);
  expect(seen.length).toBeGreaterThan(20);
  expect(seen.filter((text) => text.includes(token))).toEqual([]);

  // The installed cluster opens in the console with every node Ready.
  await page.getByRole('link', { name: `Open ${NAME} in the console` }).click();
  await expect(page.getByRole('heading', { name: `Cluster ${NAME}` })).toBeVisible();
  await expect(page.getByTestId('stat-nodes-ready')).toHaveText('2/2', { timeout: 120_000 });

  // Destroyed through the API; the console forgets it once the registry entry is gone.
  const destroy = await page.request.post(`/api/installer/installs/${encodeURIComponent(installId)}/destroy`, {
    headers: { 'x-csrf-token': await csrfOf(page) },
    data: { confirm: NAME },
  });
  expect(destroy.status()).toBe(202);
  await expect
    .poll(async () => ((await (await page.request.get(`/api/installer/installs/${encodeURIComponent(installId)}`)).json()) as { state: string }).state, {
      timeout: 300_000,
      intervals: [2_000],
    })
    .toBe('destroyed');
  await expect
    .poll(async () => ((await (await page.request.get('/api/clusters')).json()) as { clusters: { name: string }[] }).clusters.map((c) => c.name), {
      timeout: 60_000,
    })
    .not.toContain(NAME);
});

test('an 11-node cluster is refused before it is submitted, and by the server without a license', async ({ page, browser }) => {
  await login(page);
  await page.goto('/clusters/new');
  await page.getByRole('button', { name: 'Next: Basics' }).click();
  await page.locator('input[data-path="metadata.name"]').fill(`big-${suffix}`);
  await page.locator('nav[aria-label="Wizard steps"] [data-step="workers"]').click();
  await expect(page.getByRole('heading', { name: 'Worker pools', level: 3 })).toBeVisible();
  await page.locator('input[data-path="spec.workers[0].replicas"]').fill('10');
  await page.locator('nav[aria-label="Wizard steps"] [data-step="license"]').click();
  await expect(page.getByTestId('license-nodes')).toContainText('11 nodes');
  await expect(page.getByTestId('license-refusal')).toContainText('free tier of 10');
  // The draft is on the server: another browser of the same user opens it where this one is.
  await expect(page.getByTestId('draft-status')).toHaveAttribute('data-status', 'saved');
  expect(page.url()).toMatch(/\/clusters\/new\?draft=drf_/);
  const elsewhere = await browser.newContext();
  const other = await elsewhere.newPage();
  await login(other);
  await other.goto(page.url());
  await expect(other.getByRole('heading', { name: 'License', level: 3 })).toBeVisible();
  await expect(other.getByTestId('license-nodes')).toContainText('11 nodes');
  await elsewhere.close();
  await page.getByRole('button', { name: 'Next: Review' }).click();
  await expect(page.getByTestId('step-notice')).toContainText('free tier of 10');
  await expect(page.getByRole('heading', { name: 'License', level: 3 })).toBeVisible();
  // Around the license step (back to the pools, then straight to Review): Install stays refused.
  await page.locator('nav[aria-label="Wizard steps"] [data-step="workers"]').click();
  await page.locator('nav[aria-label="Wizard steps"] [data-step="review"]').click();
  await expect(page.getByTestId('install-refusal')).toContainText('free tier of 10');
  await expect(page.getByRole('button', { name: 'Install', exact: true })).toBeDisabled();

  // Forged past the page: the installer refuses it too, naming spec.license.
  const document = await page.getByRole('textbox', { name: 'Cluster document' }).inputValue();
  const res = await page.request.post('/api/installer/installs', {
    headers: { 'x-csrf-token': await csrfOf(page), 'idempotency-key': `big-${suffix}-key` },
    data: { document },
  });
  expect(res.status()).toBe(403);
  const body = (await res.json()) as { message: string; problems: { path: string }[] };
  expect(body.message).toContain('11');
  expect(body.problems.map((p) => p.path)).toContain('spec.license');
});

test('a viewer sees the wizard read only and cannot install', async ({ page, browser }) => {
  await login(page);
  await createUser(page, VIEWER.username, VIEWER.password, 'viewer');
  const context = await browser.newContext();
  const viewer = await context.newPage();
  await login(viewer, VIEWER.username, VIEWER.password);
  await viewer.getByRole('link', { name: 'Create cluster' }).click();
  await expect(viewer.getByTestId('draft-status')).toHaveAttribute('data-status', 'read-only');
  await expect(viewer.getByRole('radio', { name: 'Local machine' })).toBeDisabled();
  await viewer.locator('nav[aria-label="Wizard steps"] [data-step="basics"]').click();
  await expect(viewer.locator('input[data-path="metadata.name"]')).toHaveAttribute('readonly', '');
  await viewer.locator('nav[aria-label="Wizard steps"] [data-step="review"]').click();
  await expect(viewer.getByTestId('read-only')).toBeVisible();
  await expect(viewer.getByRole('button', { name: 'Install', exact: true })).toHaveCount(0);
  await expect(viewer.getByRole('button', { name: 'Make the plan' })).toHaveCount(0);
  const document = await viewer.getByRole('textbox', { name: 'Cluster document' }).inputValue();
  const forged = await viewer.request.post('/api/installer/installs', {
    headers: { 'x-csrf-token': await csrfOf(viewer), 'idempotency-key': `viewer-${suffix}-key` },
    data: { document },
  });
  expect(forged.status()).toBe(403);
  expect(((await forged.json()) as { message: string }).message).toContain('may not operate');
  const draft = await viewer.request.post('/api/installer/drafts', {
    headers: { 'x-csrf-token': await csrfOf(viewer) },
    data: { name: 'x', step: 'basics', document },
  });
  expect(draft.status()).toBe(403);
  await context.close();
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { parseCluster } from '@strata/cluster-config';
import type { InstallSnapshot } from '@strata/install-contract';
import { clusterFiles, driverContext, driverFor } from '@strata/install-engine';
import { e2e } from './support/e2e-env';
import { csrfOf, login } from './support/fixtures';
import { restartE2eInstallerService } from './support/installer-service';
import { expectGapFree, receivedInstallEvents, startLocalInstallThroughWizard } from './support/wizard-install';

/** Unique per run, so a leftover of an earlier run never meets this one. */
const suffix = Math.random().toString(36).slice(2, 7);
const NAME = `res-${suffix}`;
/** Outside the suite cluster's 127.100–199.x.0/24 and 14-wizard's 127.210–249.x.0/24. */
const RANGE = `127.${250 + Math.floor(Math.random() * 5)}.${Math.floor(Math.random() * 250)}.0/24`;
const SETTLED = ['created', 'adopted', 'unchanged'];

let installId: string | undefined;

/** A call to the run's installer service itself, as an admin: for what must not depend on the console. */
async function service<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${e2e.installerUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${readFileSync(e2e.installerTokenFile, 'utf8').trim()}`,
      'x-strata-user': 'e2e-cleanup',
      'x-strata-role': 'admin',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as T;
}

/** `created` journal records per step of the install: more than one would mean a resource made twice. */
function createdInJournal(id: string): Map<string, number> {
  const counts = new Map<string, number>();
  const journal = clusterFiles(join(e2e.workDir, 'installer-service', 'clusters', id)).journal;
  for (const line of readFileSync(journal, 'utf8').split('\n').filter(Boolean)) {
    const record = JSON.parse(line) as { step: string; event: string };
    if (record.event === 'created') counts.set(record.step, (counts.get(record.step) ?? 0) + 1);
  }
  return counts;
}

test.afterAll(async () => {
  // Whatever failed above, the cluster does not outlive the file: the suites after it need the machine's cores.
  if (!installId) return;
  test.setTimeout(400_000);
  const path = `/v1/installs/${encodeURIComponent(installId)}`;
  const deadline = Date.now() + 360_000;
  let destroys = 0;
  for (let current = await service<InstallSnapshot>('GET', path); current.state !== 'destroyed'; current = await service<InstallSnapshot>('GET', path)) {
    if (Date.now() > deadline) throw new Error(`${NAME} is still ${current.state} after 6 min`);
    if (current.state === 'pending' || current.state === 'running') await service('POST', `${path}/cancel`);
    else if (['succeeded', 'failed', 'cancelled', 'interrupted'].includes(current.state)) {
      if (destroys++ === 3) throw new Error(`${NAME} is ${current.state} after 3 destroys: ${current.error?.message ?? ''}`);
      await service('POST', `${path}/destroy`, { confirm: NAME });
    }
    await new Promise((r) => setTimeout(r, 2_000));
  }
});

test('an install whose installer service is killed mid-infrastructure shows Resume, and resumes to a ready cluster with one event history and each machine made once', async ({
  page,
}) => {
  test.setTimeout(900_000);
  await login(page);
  installId = await startLocalInstallThroughWizard(page, { name: NAME, range: RANGE, workers: 1 });
  const install = page.getByTestId('install');
  const phases = page.getByRole('table', { name: 'Phases' });

  // The infrastructure is being built: a step is in flight when the service dies.
  await expect(phases.locator('tr[data-phase="infrastructure"]')).toHaveAttribute('data-state', 'running', { timeout: 300_000 });
  await expect(page.getByRole('table', { name: 'Infrastructure steps' }).locator('tr[data-state="creating"]').first()).toBeVisible({ timeout: 120_000 });
  expectGapFree(await receivedInstallEvents(page));
  await restartE2eInstallerService(e2e.workDir, {
    signal: 'SIGKILL',
    // Without a reload: the page notices its stream failed and keeps asking for the snapshot.
    whileDown: () => expect(page.getByTestId('stream-lost')).toBeVisible({ timeout: 60_000 }),
  });

  // Once the service answers again, the page follows on to what the restarted service says.
  await expect(install).toHaveAttribute('data-state', 'interrupted', { timeout: 120_000 });
  await expect(phases.locator('tr[data-phase="infrastructure"]')).toContainText('interrupted');
  const resume = page.getByRole('button', { name: 'Resume', exact: true });
  await expect(resume).toBeVisible();
  await expect(page.getByTestId('stream-lost')).toHaveCount(0);
  const interrupted = await receivedInstallEvents(page);
  expectGapFree(interrupted);
  expect(Number(await install.getAttribute('data-last-seq'))).toBe(interrupted.snapshotSeq + interrupted.seqs.length);

  await resume.click();
  await expect(install).not.toHaveAttribute('data-state', 'interrupted');
  await expect(install).toHaveAttribute('data-state', 'succeeded', { timeout: 600_000 });
  const events = await receivedInstallEvents(page);
  expectGapFree(events);
  expect(events.seqs.length).toBeGreaterThan(interrupted.seqs.length);
  expect(Number(await install.getAttribute('data-last-seq'))).toBe(events.snapshotSeq + events.seqs.length);
  await expect(phases.locator('tbody tr[data-state="running"]')).toHaveCount(0);

  // Each step once in the snapshot and created once in the journal; the provider holds exactly the plan's machines.
  const snapshot = (await (await page.request.get(`/api/installer/installs/${encodeURIComponent(installId)}`)).json()) as InstallSnapshot;
  const stepIds = snapshot.steps.map((s) => s.id);
  expect(new Set(stepIds).size).toBe(stepIds.length);
  expect(snapshot.steps.filter((s) => !SETTLED.includes(s.state))).toEqual([]);
  const created = createdInJournal(installId);
  expect([...created.entries()].filter(([, n]) => n !== 1)).toEqual([]);
  expect([...created.keys()].sort()).toEqual([...stepIds].sort());
  const document = await (await page.request.get(`/api/installer/installs/${encodeURIComponent(installId)}/document`)).text();
  const cluster = parseCluster(document);
  const driver = await driverFor(cluster);
  const dir = join(e2e.workDir, 'installer-service', 'clusters', installId);
  const owned = await driver.sweep(driverContext(cluster, snapshot.result?.clusterId ?? '', dir, () => undefined));
  expect(
    owned
      .filter((r) => r.kind === 'machine')
      .map((r) => r.id)
      .sort(),
  ).toEqual([`${NAME}-cp-0`, `${NAME}-default-0`]);

  // Every node Ready in the console.
  await page.getByRole('link', { name: `Open ${NAME} in the console` }).click();
  await expect(page.getByRole('heading', { name: `Cluster ${NAME}` })).toBeVisible();
  await expect(page.getByTestId('stat-nodes-ready')).toHaveText('2/2', { timeout: 120_000 });

  const destroy = await page.request.post(`/api/installer/installs/${encodeURIComponent(installId)}/destroy`, {
    headers: { 'x-csrf-token': await csrfOf(page) },
    data: { confirm: NAME },
  });
  expect(destroy.status()).toBe(202);
  await expect
    .poll(async () => ((await (await page.request.get(`/api/installer/installs/${encodeURIComponent(installId ?? '')}`)).json()) as { state: string }).state, {
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

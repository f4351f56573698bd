import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { gunzipSync } from 'node:zlib';
import { expect, test, type Page } from '@playwright/test';
import { parseCluster } from '@strata/cluster-config';
import { contextFromRef, type OwnedResource } from '@strata/driver-api';
import { awsDriver } from '@strata/driver-aws';
import { endpointsAt, startMoto, type MotoServer } from '@strata/driver-aws/testing';
import type { InstallSnapshot, Plan } from '@strata/install-contract';
import { ownedAwsResources } from './support/aws-resources';
import { browserStorage, filesHolding, filesUnder, receivedEvents, recordEventSources, recordResponses } from './support/canary';
import { e2e } from './support/e2e-env';
import { login } from './support/fixtures';

const REGION = 'eu-central-1';
const suffix = randomBytes(3).toString('hex');
const NAME = `aws-${suffix}`;
/** Unique per run: wherever it turns up, it came from the credential typed in this test. */
const CANARY = `canary${randomBytes(12).toString('hex')}`;
const SECRET_ACCESS_KEY = `${CANARY}/secret+access+key`;
const SESSION_TOKEN = `${CANARY}-session-token`;
const ACCESS_KEY_ID = `AKIA${randomBytes(8).toString('hex').toUpperCase()}`;

let moto: MotoServer;

/** The Cluster document the wizard imports: a small AWS cluster whose every endpoint is moto. */
function documentYaml(): string {
  const endpoints = Object.entries(endpointsAt(moto.endpoint)).map(([service, url]) => `        ${service}: ${url}`);
  return [
    "# An AWS cluster on the suite's moto server.",
    'apiVersion: strata.dev/v1alpha1',
    'kind: Cluster',
    'metadata:',
    `  name: ${NAME}`,
    'spec:',
    '  baseDomain: example.com',
    '  platform:',
    '    aws:',
    `      region: ${REGION}`,
    `      zones: [${REGION}a]`,
    '      endpoints:',
    ...endpoints,
    '  controlPlane: {replicas: 1, machineType: small}',
    '  workers: [{name: default, replicas: 1, machineType: small}]',
    '  networking: {machineCIDR: 10.70.0.0/16}',
    '',
  ].join('\n');
}

async function next(page: Page, title: string): Promise<void> {
  await page.getByRole('button', { name: `Next: ${title}` }).click();
  await expect(page.getByRole('heading', { name: title, level: 3 })).toBeVisible();
}

/** What the driver itself finds of the cluster in moto by its tags (the sweep destroy falls back on). */
async function swept(document: string, clusterId: string, assetsDir: string, journal: string): Promise<OwnedResource[]> {
  const cluster = parseCluster(document);
  const ctx = contextFromRef({ cluster: JSON.stringify(cluster), clusterId, assetsDir, journal });
  // moto's default account takes any key; this one is not the canary's.
  return awsDriver.sweep({ ...ctx, credential: { kind: 'access-key', values: { accessKeyId: 'AKIASWEEPTEST0000000', secretAccessKey: 'testing' } } });
}

/** An answer of the installer service itself (what the console does not relay), as the console's server asks it. */
async function fromService(path: string): Promise<Buffer> {
  const token = readFileSync(e2e.installerTokenFile, 'utf8').trim();
  const res = await fetch(`${e2e.installerUrl}${path}`, {
    headers: { authorization: `Bearer ${token}`, 'x-strata-user': 'admin', 'x-strata-role': 'admin' },
  });
  expect(res.status, path).toBe(200);
  return Buffer.from(await res.arrayBuffer());
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  moto = await startMoto();
  await moto.hostedZone('example.com');
});

test.afterAll(async () => {
  await moto?.stop();
});

test('an AWS install through the wizard to infrastructure on moto creates exactly its plan, destroys to nothing, and its canary secret is nowhere', async ({
  page,
}, testInfo) => {
  test.setTimeout(900_000);
  const responses = recordResponses(page);
  const sent: string[] = [];
  page.on('request', (req) => sent.push(req.postData() ?? ''));
  /** Answers the test fetched itself (not through the page), searched like the page's. */
  const fetched: { what: string; text: string }[] = [];
  await recordEventSources(page);
  await login(page);

  // 1. Import the document, add the canary credential.
  await page.goto('/clusters/new');
  await expect(page.getByRole('heading', { name: 'Create a cluster' })).toBeVisible();
  await page.locator('input[type=file]').setInputFiles({ name: `${NAME}.yaml`, mimeType: 'application/yaml', buffer: Buffer.from(documentYaml()) });
  await expect(page.getByRole('radio', { name: 'Amazon Web Services' })).toBeChecked();
  await next(page, 'Credentials');
  await page.getByLabel(/^Name/).fill(`canary-${suffix}`);
  await page.getByLabel(/^Access key ID/).fill(ACCESS_KEY_ID);
  await page.getByLabel(/^Secret access key/).fill(SECRET_ACCESS_KEY);
  await page.getByLabel(/^Session token/).fill(SESSION_TOKEN);
  await page.getByRole('button', { name: 'Verify and store' }).click();
  const stored = page.locator(`[data-credential="canary-${suffix}"]`);
  await expect(stored).toBeVisible();
  await expect(stored.getByRole('radio')).toBeChecked();
  // The browser did send the canary (so finding it nowhere below means something), and forgot it once stored.
  expect(sent.some((body) => body.includes(SECRET_ACCESS_KEY) && body.includes(SESSION_TOKEN))).toBe(true);
  expect(await page.content()).not.toContain(CANARY);

  // 2. Through the steps; the service checks each one online with the stored credential against moto.
  await next(page, 'Basics');
  await next(page, 'Placement');
  await next(page, 'Control plane');
  await next(page, 'Worker pools');
  await next(page, 'Networking');
  await next(page, 'SSH keys');
  await next(page, 'License');
  await expect(page.getByTestId('license-nodes')).toContainText('2 nodes');
  await next(page, 'Review');
  await expect(page.getByTestId('draft-status')).toHaveAttribute('data-status', 'saved');
  // The draft the console keeps (document and credential id) holds nothing of the credential's values.
  const consoleDb = join(e2e.workDir, 'console.db');
  const drafts = new DatabaseSync(consoleDb, { readOnly: true });
  const draftRows = drafts.prepare('SELECT * FROM wizard_drafts').all();
  drafts.close();
  expect(JSON.stringify(draftRows)).toContain(NAME);
  expect(JSON.stringify(draftRows)).not.toContain(CANARY);

  // 3. The plan, then the install to infrastructure.
  await page.getByRole('radio', { name: 'Infrastructure' }).check();
  await page.getByRole('button', { name: 'Make the plan' }).click();
  const planTable = page.getByRole('table', { name: 'Plan' });
  await expect(planTable.locator(`tr[data-resource="machine/${NAME}-cp-0"]`)).toBeVisible();
  const planIds = (await planTable.locator('tr[data-resource]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-resource') ?? ''))).sort();
  const isPlan = (b: { url: string; status: number }) => b.url.endsWith('/api/installer/plans') && b.status === 201;
  // The recorder reads bodies as they complete: the table may show before it has this one.
  await expect.poll(() => responses.bodies.some(isPlan)).toBe(true);
  const planAnswer = responses.bodies.find(isPlan);
  const plan = JSON.parse(planAnswer?.text ?? '{}') as Plan;
  expect(plan.resources.map((r) => r.id).sort()).toEqual(planIds);
  expect(planIds.length).toBeGreaterThan(15);
  await expect(page.getByTestId('plan-total')).toContainText('per month');

  await page.getByRole('button', { name: 'Install', exact: true }).click();
  await page.waitForURL(/\/installs\/[^/]+$/);
  const installId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop() ?? '');
  await expect(page.getByTestId('install')).toHaveAttribute('data-state', 'succeeded', { timeout: 300_000 });
  const snapshotAnswer = await page.request.get(`/api/installer/installs/${encodeURIComponent(installId)}`);
  const snapshotText = await snapshotAnswer.text();
  fetched.push({ what: 'GET install', text: snapshotText });
  const snapshot = JSON.parse(snapshotText) as InstallSnapshot;
  expect(snapshot.until).toBe('infrastructure');
  expect(snapshot.phases.map((p) => [p.id, p.state])).toEqual([
    ['assets', 'succeeded'],
    ['platform', 'succeeded'],
    ['infrastructure', 'succeeded'],
  ]);

  // 4. The plan's resources are the install's steps, and exactly what exists in moto.
  expect(snapshot.steps.map((s) => s.id).sort()).toEqual(planIds);
  expect(snapshot.steps.filter((s) => s.state !== 'created')).toEqual([]);
  const stepRows = page.locator('tr[data-step]');
  await expect(stepRows).toHaveCount(planIds.length);
  const clusterId = snapshot.result?.clusterId ?? '';
  expect(clusterId).not.toBe('');
  const owned = await ownedAwsResources(moto, clusterId, REGION);
  expect(owned.filter((r) => !r.step || !planIds.includes(r.step))).toEqual([]);
  expect([...new Set(owned.map((r) => r.step))].sort()).toEqual(planIds);
  // One resource per step, but the API load balancer's step, which also owns its target group.
  const byStep = new Map<string, string[]>();
  for (const r of owned) byStep.set(`${r.step}`, [...(byStep.get(`${r.step}`) ?? []), r.type].sort());
  expect([...byStep].filter(([, types]) => types.length > 1)).toEqual([['load-balancer/api', ['load-balancer', 'target-group']]]);
  const clusterDir = join(e2e.workDir, 'installer-service', 'clusters', installId);
  const sweepJournal = testInfo.outputPath('sweep-journal.jsonl');
  const document = documentYaml();
  const found = await swept(document, clusterId, clusterDir, sweepJournal);
  const ownedIds = new Set(owned.map((r) => r.id));
  expect(found.filter((r) => r.kind !== 'plan-step' && !ownedIds.has(r.id))).toEqual([]);
  expect(found.filter((r) => r.kind === 'plan-step' && !planIds.includes(r.id))).toEqual([]);
  expect(found.length).toBeGreaterThan(10);

  // The downloads the service offers, searched below: the log, the document and both asset archives.
  for (const path of ['logs', 'document']) {
    const res = await page.request.get(`/api/installer/installs/${encodeURIComponent(installId)}/${path}`);
    expect(res.status(), path).toBe(200);
    fetched.push({ what: `GET ${path}`, text: await res.text() });
  }
  for (const query of ['', '?secrets=true']) {
    const tar = gunzipSync(await fromService(`/v1/installs/${encodeURIComponent(installId)}/assets${query}`));
    fetched.push({ what: `assets${query}`, text: tar.toString('latin1') });
  }
  expect(fetched.find((f) => f.what === 'assets?secrets=true')?.text).toContain('PRIVATE KEY');
  const clusterFiles = filesUnder(clusterDir);
  expect(clusterFiles.length).toBeGreaterThan(5);
  expect(filesHolding(clusterFiles, CANARY)).toEqual([]);

  // 5. Destroy from the progress page; nothing of the cluster is left in moto.
  await page.getByLabel(`Type ${NAME} to destroy the cluster`).fill(NAME);
  await page.getByRole('button', { name: 'Destroy', exact: true }).click();
  await expect(page.getByTestId('install')).toHaveAttribute('data-state', 'destroyed', { timeout: 300_000 });
  expect(await ownedAwsResources(moto, clusterId, REGION)).toEqual([]);
  expect(await swept(document, clusterId, clusterDir, sweepJournal)).toEqual([]);

  // 6. The canary: nowhere the browser, the console or the installer service keeps or shows anything.
  const storage = await browserStorage(page);
  const events = await receivedEvents(page);
  expect(events.length).toBeGreaterThan(10);
  expect(events.map((e) => e.type)).toContain('step');
  await page.close();
  await responses.settle(30_000);
  expect(responses.bodies.length).toBeGreaterThan(20);

  // The search finds what is there: the credential's id in answers and in both databases, a probe file with the canary.
  const credentialId = (
    JSON.parse(responses.bodies.find((b) => b.url.endsWith('/api/installer/credentials') && b.status === 201)?.text ?? '{}') as { id?: string }
  ).id;
  expect(credentialId).toMatch(/^cred_/);
  const serviceDir = join(e2e.workDir, 'installer-service');
  const databases = filesUnder(serviceDir).filter((f) => /installer\.db/.test(f));
  expect(filesHolding(databases, credentialId ?? '?').length).toBeGreaterThan(0);
  const consoleFiles = filesUnder(join(e2e.workDir, 'console-data')).concat(filesUnder(e2e.workDir).filter((f) => /\/console\.db/.test(f)));
  expect(filesHolding(consoleFiles, NAME).length).toBeGreaterThan(0);
  const probe = testInfo.outputPath('probe.txt');
  writeFileSync(probe, `a probe holding ${SECRET_ACCESS_KEY}\n`);
  expect(filesHolding([probe], CANARY)).toEqual([probe]);

  expect(responses.bodies.filter((b) => b.text.includes(CANARY)).map((b) => b.url)).toEqual([]);
  expect(fetched.filter((f) => f.text.includes(CANARY)).map((f) => f.what)).toEqual([]);
  expect(events.filter((e) => e.data.includes(CANARY))).toEqual([]);
  expect(storage).toContain('"cookies"');
  expect(storage.includes(CANARY)).toBe(false);
  const logs = ['console.log', 'installer-service.log', 'installer-service.stderr.log'].map((f) => join(e2e.workDir, f));
  expect(filesUnder(...logs)).toHaveLength(3);
  expect(filesHolding(logs, CANARY)).toEqual([]);
  expect(filesHolding([...filesUnder(serviceDir), ...consoleFiles, ...filesUnder(join(e2e.workDir, 'home'))], CANARY)).toEqual([]);
});

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseLicenseFile, readJwksFile, verifyLicense } from '@strata/licensing';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnServer, type SpawnedServer } from '../testing/spawn-server';

const ADMIN_TOKEN = 'slat_browser-test-token-0123456789abcdef';
const dataDir = mkdtempSync(join(tmpdir(), 'strata-ls-ui-'));

let server: SpawnedServer;
let browser: Browser;
let page: Page;

async function api(path: string, body: unknown, bearer?: string): Promise<Record<string, unknown>> {
  const headers = { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) };
  const response = await fetch(`${server.url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
  return (await response.json()) as Record<string, unknown>;
}

beforeAll(async () => {
  server = await spawnServer({ db: `sqlite:${join(dataDir, 'license.db')}`, dataDir, env: { LICENSE_ADMIN_TOKEN: ADMIN_TOKEN } });
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  page = await (await browser.newContext({ acceptDownloads: true })).newPage();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('vendor admin UI in Chromium', () => {
  let token = '';
  let licenseId = '';

  it('sends a visitor without a session to the sign-in page and refuses a wrong token', async () => {
    await page.goto(`${server.url}/admin/customers`);
    expect(new URL(page.url()).pathname).toBe('/admin/login');
    await page.getByLabel('Admin token').fill('slat_not-the-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('not valid');
  });

  it('signs in with the admin token into an httpOnly session cookie', async () => {
    await page.getByLabel('Admin token').fill(ADMIN_TOKEN);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Customers' }).waitFor();
    const cookie = (await page.context().cookies()).find((c) => c.name === 'strata_ls_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    expect(await page.evaluate(() => document.cookie)).not.toContain('strata_ls_session');
  });

  it('creates a customer', async () => {
    const form = page.getByRole('form', { name: 'New customer' });
    await form.getByLabel('Name').fill('Browser Test Co');
    await form.getByLabel('Contact email').fill('ops@browser.example');
    await form.getByRole('button', { name: 'Create customer' }).click();
    await page.getByRole('heading', { name: 'Browser Test Co' }).waitFor();
    expect(await page.getByRole('status').textContent()).toContain('Customer created');
  });

  it('shows field problems of a bad subscription form', async () => {
    const form = page.getByRole('form', { name: 'New subscription' });
    await form.getByLabel('Plan').fill('Gold Plan');
    await form.getByLabel('Nodes').fill('50');
    await form.getByRole('button', { name: 'Create subscription' }).click();
    await page.locator('.field-error').first().waitFor();
    expect(await page.locator('.field-error').allTextContents()).toEqual([expect.stringContaining('lowercase word')]);
  });

  it('creates a subscription and issues a license from it', async () => {
    const form = page.getByRole('form', { name: 'New subscription' });
    await form.getByLabel('Plan').fill('standard');
    await form.getByLabel('Nodes').fill('50');
    await form.getByLabel('Term (days)').fill('365');
    await form.getByLabel('Features (comma-separated)').fill('console, support');
    await form.getByRole('button', { name: 'Create subscription' }).click();
    await page.getByRole('button', { name: 'Issue license' }).waitFor();
    await page.getByRole('button', { name: 'Issue license' }).click();
    await page.locator('tr[data-license]').waitFor();
    expect(await page.getByRole('status').textContent()).toContain('License issued');
    licenseId = (await page.locator('tr[data-license]').getAttribute('data-license')) ?? '';
    expect(licenseId).toMatch(/^lic_/);
    expect(await page.locator(`tr[data-license="${licenseId}"] [data-state]`).textContent()).toBe('valid');
  });

  it('downloads the license, which verifies offline with the server key', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator(`tr[data-license="${licenseId}"]`).getByRole('link', { name: 'Download' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`strata-license-browser-test-co-${licenseId}.lic`);
    const path = join(dataDir, 'downloaded.lic');
    await download.saveAs(path);
    token = parseLicenseFile(readFileSync(path, 'utf8'));
    const verified = verifyLicense(token, { trustedKeys: readJwksFile(join(dataDir, 'signing-key.jwks.json')) });
    expect(verified).toMatchObject({
      ok: true,
      timing: 'active',
      claims: { licenseId, customer: { name: 'Browser Test Co' }, plan: 'standard', nodes: 50, features: ['console', 'support'] },
    });
    expect(await api('/v1/validate', { license: token, nodes: 11 })).toMatchObject({ status: 'VALID', allowedNodes: 50 });
  });

  it('shows the usage the customer’s clusters report', async () => {
    const activation = await api('/v1/activations', { license: token, clusterId: 'browser-cluster-1' });
    expect(activation).toMatchObject({ activation: { licenseId } });
    const reported = await api(
      '/v1/usage-reports',
      { reportId: 'browser-report-0001', clusterId: 'browser-cluster-1', nodes: 7, observedAt: new Date().toISOString() },
      String(activation['activationSecret']),
    );
    expect(reported).toMatchObject({ duplicate: false });
    await page.reload();
    expect(await page.getByTestId('total-nodes').textContent()).toBe('7');
    expect(await page.getByTestId('entitled-nodes').textContent()).toBe('50');
    expect(await page.getByRole('region', { name: 'Usage' }).textContent()).toContain('browser-cluster-1');
  });

  it('revokes the license, after which validation answers REVOKED', async () => {
    const row = page.locator(`tr[data-license="${licenseId}"]`);
    await row.getByPlaceholder('Reason').fill('customer asked to cancel');
    await row.getByRole('button', { name: 'Revoke' }).click();
    await page.locator(`tr[data-license="${licenseId}"] [data-state="revoked"]`).waitFor();
    expect(await page.getByRole('status').textContent()).toContain('License revoked');
    const answer = await api('/v1/validate', { license: token, nodes: 11 });
    expect(answer).toMatchObject({ status: 'REVOKED', allowedNodes: 10 });
    expect(answer['message']).toContain('customer asked to cancel');
  });

  it('lists the license on the licenses page and signs out', async () => {
    await page.getByRole('link', { name: 'Licenses' }).click();
    await page.getByRole('heading', { name: 'Licenses' }).waitFor();
    expect(await page.locator(`tr[data-license="${licenseId}"]`).textContent()).toContain('Browser Test Co');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await page.goto(`${server.url}/admin/customers`);
    expect(new URL(page.url()).pathname).toBe('/admin/login');
  });
});

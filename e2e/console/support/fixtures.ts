import { expect, type APIRequestContext, type Page } from '@playwright/test';
import { e2e } from './e2e-env';

/** Signs in through the login form and waits for the clusters page. */
export async function login(page: Page, username = 'admin', password = e2e.adminPassword): Promise<void> {
  await page.goto('/login');
  await page.locator('input[name=username]').fill(username);
  await page.locator('input[name=password]').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Clusters' })).toBeVisible({ timeout: 60_000 });
}

/** The CSRF token the signed-in layout delivers to the page. */
export async function csrfOf(page: Page): Promise<string> {
  const token = await page.locator('meta[name="strata-csrf"]').getAttribute('content');
  if (!token) throw new Error('the page carries no CSRF token');
  return token;
}

/** The id of the e2e cluster, as the console lists it. */
export async function clusterId(request: APIRequestContext): Promise<string> {
  const res = await request.get('/api/clusters');
  expect(res.status()).toBe(200);
  const body = (await res.json()) as { clusters: { id: string; name: string }[] };
  const cluster = body.clusters.find((c) => c.name === e2e.clusterName);
  if (!cluster) throw new Error(`the console does not list the cluster ${e2e.clusterName}: ${JSON.stringify(body.clusters.map((c) => c.name))}`);
  return cluster.id;
}

/** Creates a user through the API as the signed-in admin of `page`. */
export async function createUser(page: Page, username: string, password: string, role: 'viewer' | 'operator' | 'admin'): Promise<void> {
  const res = await page.request.post('/api/users', { headers: { 'x-csrf-token': await csrfOf(page) }, data: { username, password, role } });
  if (res.status() !== 200 && res.status() !== 409) throw new Error(`creating ${username} answered ${res.status()}: ${await res.text()}`);
}

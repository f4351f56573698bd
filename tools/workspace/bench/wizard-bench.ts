import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium, type Page, type Response } from 'playwright-core';
import { NODE_AGENT } from '@strata/node-agent/bundle';
import { startInstallerServiceProcess } from '@strata/testkit';
import { ensureBundle, findFreePort, WORKSPACE_ROOT } from '@strata/toolchain';
import { percentile, type BenchRow } from './bench-row';

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const PASSWORD = 'bench-admin-password-1';

/** What the page records: every stream event with its receipt time, and when the first progress reached the DOM. */
interface PageTimes {
  events: { type: string; at: string; receivedAt: number }[];
  firstProgressAt?: number;
}

declare global {
  interface Window {
    __wizardBench?: PageTimes;
  }
}

/**
 * Installed before the console's scripts on every page: records each event an EventSource
 * dispatches with `performance.timeOrigin + performance.now()` at receipt, and the first frame
 * after the progress page's install element shows a progress event beyond the install's
 * creation (`data-last-seq` ≥ 2: the service's first event is the `pending` state).
 */
function instrument(): void {
  const times: PageTimes = { events: [] };
  window.__wizardBench = times;
  const seen = new WeakSet<Event>();
  const original = EventSource.prototype.addEventListener;
  EventSource.prototype.addEventListener = function (this: EventSource, type: string, listener: unknown, options?: unknown) {
    original.call(this, type, (event: Event) => {
      const receivedAt = performance.timeOrigin + performance.now();
      if (seen.has(event) || !(event instanceof MessageEvent)) return;
      seen.add(event);
      try {
        const data = JSON.parse(String(event.data)) as { at?: string };
        if (data.at) times.events.push({ type, at: data.at, receivedAt });
      } catch {
        // Not an install event.
      }
    });
    original.call(this, type, listener as EventListener, options as AddEventListenerOptions);
  };
  const observer = new MutationObserver(() => {
    const install = document.querySelector('[data-testid="install"]');
    if (times.firstProgressAt !== undefined || Number(install?.getAttribute('data-last-seq') ?? 0) < 2) return;
    times.firstProgressAt = -1;
    requestAnimationFrame(() => {
      times.firstProgressAt = performance.timeOrigin + performance.now();
      observer.disconnect();
    });
  });
  document.addEventListener('DOMContentLoaded', () => observer.observe(document.body, { subtree: true, childList: true, attributes: true }));
}

/** A local cluster of one control plane and one worker on its own loopback range and state directory. */
function localDocument(work: string, name: string): string {
  const range = `127.${210 + Math.floor(Math.random() * 40)}.${Math.floor(Math.random() * 250)}.0/24`;
  return [
    'apiVersion: strata.dev/v1alpha1',
    'kind: Cluster',
    `metadata: {name: ${name}}`,
    'spec:',
    `  platform: {local: {stateDir: ${join(work, 'state')}, addressRange: ${range}}}`,
    '  controlPlane: {replicas: 1}',
    '  workers: [{name: default, replicas: 1}]',
    '',
  ].join('\n');
}

async function waitHealthy(url: string, server: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = AbortSignal.timeout(timeoutMs);
  while (!deadline.aborted) {
    if (server.exitCode !== null) throw new Error(`the console exited (${server.exitCode})`);
    try {
      if ((await fetch(url, { signal: AbortSignal.timeout(2_000) })).ok) return;
    } catch {
      // Not up yet.
    }
    await sleep(300);
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}

async function stopGroup(child: ChildProcess): Promise<void> {
  if (!child.pid || child.exitCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    return;
  }
  await Promise.race([new Promise((r) => child.once('exit', r)), sleep(3_000)]);
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // Stopped on SIGTERM.
  }
}

async function destroyed(page: Page, id: string, csrf: string, name: string): Promise<void> {
  const res = await page.request.post(`/api/installer/installs/${encodeURIComponent(id)}/destroy`, {
    headers: { 'x-csrf-token': csrf },
    data: { confirm: name },
  });
  if (res.status() !== 202) throw new Error(`destroy answered ${res.status()}: ${await res.text()}`);
  const deadline = Date.now() + 300_000;
  while (Date.now() < deadline) {
    const state = ((await (await page.request.get(`/api/installer/installs/${encodeURIComponent(id)}`)).json()) as { state: string }).state;
    if (state === 'destroyed') return;
    await sleep(1_000);
  }
  throw new Error(`install ${id} was not destroyed within 300 s`);
}

/**
 * A real local install driven through the console's wizard in Debian's Chromium (the console's
 * production build, the installer service as `npm start` runs it): the document imported at
 * the first step, the plan made on Review, Install clicked. Measures submit → the first
 * progress event rendered on the progress page, and each event's latency from the service's
 * `at` stamp to its receipt in the page, over the whole install. Destroys the cluster after.
 */
export async function runWizardBench(): Promise<BenchRow[]> {
  const log = (m: string) => console.log(`  ${m}`);
  const build = spawnSync(join(WORKSPACE_ROOT, 'node_modules/.bin/nx'), ['run', 'console:build'], {
    cwd: WORKSPACE_ROOT,
    env: { ...process.env, NX_DAEMON: 'false', NEXT_TELEMETRY_DISABLED: '1' },
    encoding: 'utf8',
  });
  if (build.status !== 0) throw new Error(`console build failed:\n${build.stdout}${build.stderr}`);
  await ensureBundle(NODE_AGENT);

  const work = mkdtempSync(join(tmpdir(), 'strata-wizard-bench-'));
  const home = join(work, 'home');
  mkdirSync(join(home, 'clusters'), { recursive: true });
  const service = await startInstallerServiceProcess({ dataDir: join(work, 'installer-service'), env: { STRATA_HOME: home } });
  const port = await findFreePort();
  const base = `http://127.0.0.1:${port}`;
  const consoleLog = openSync(join(work, 'console.log'), 'a');
  const server = spawn(join(WORKSPACE_ROOT, 'node_modules/.bin/next'), ['start', 'apps/console', '--hostname', '127.0.0.1', '--port', String(port)], {
    cwd: WORKSPACE_ROOT,
    env: {
      ...process.env,
      NEXT_TELEMETRY_DISABLED: '1',
      STRATA_HOME: home,
      STRATA_ADMIN_PASSWORD: PASSWORD,
      CONSOLE_DB: `sqlite:${join(work, 'console.db')}`,
      STRATA_CONSOLE_DATA_DIR: join(work, 'data'),
      STRATA_INSTALLER_URL: service.url,
      STRATA_INSTALLER_TOKEN_FILE: join(service.dataDir, 'service-token'),
    },
    stdio: ['ignore', consoleLog, consoleLog],
    detached: true,
  });
  const browser = await chromium.launch({ executablePath: process.env['STRATA_CHROMIUM'] ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const name = `bench-${Math.random().toString(36).slice(2, 7)}`;
  let installId: string | undefined;
  let page: Page | undefined;
  let csrf = '';
  try {
    await waitHealthy(`${base}/api/health`, server, 120_000);
    const context = await browser.newContext({ baseURL: base });
    await context.addInitScript(instrument);
    page = await context.newPage();
    await page.goto('/login');
    await page.locator('input[name=username]').fill('admin');
    await page.locator('input[name=password]').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('heading', { name: 'Clusters' }).waitFor({ timeout: 60_000 });
    csrf = (await page.locator('meta[name="strata-csrf"]').getAttribute('content')) ?? '';

    await page.goto('/clusters/new');
    await page.getByRole('heading', { name: 'Create a cluster' }).waitFor();
    await page
      .locator('input[type=file]')
      .setInputFiles({ name: `${name}.yaml`, mimeType: 'application/yaml', buffer: Buffer.from(localDocument(work, name)) });
    await page.getByRole('radio', { name: 'Local machine' }).and(page.locator(':checked')).waitFor();
    await page.locator('nav[aria-label="Wizard steps"] [data-step="review"]').click();
    await page.getByRole('heading', { name: 'Review', level: 3 }).waitFor();
    await page.getByRole('button', { name: 'Make the plan' }).click();
    await page.getByRole('table', { name: 'Plan' }).locator(`tr[data-resource="machine/${name}-cp-0"]`).waitFor({ timeout: 60_000 });

    // Where the time to the first progress goes: each answer's arrival, seen from here, after the submit.
    const arrivals: { what: string; at: number }[] = [];
    const onResponse = (res: Response) => {
      const url = new URL(res.url());
      // The page's scripts and styles come and go together; the API and the page document tell where the time goes.
      if (url.pathname.startsWith('/_next/')) return;
      const what = `${res.request().method()} ${url.pathname.replace(/[0-9a-f-]{36}|drf_\w+/g, ':id')}${url.search ? '?…' : ''} ${res.status()}`;
      arrivals.push({ what, at: performance.timeOrigin + performance.now() });
    };
    page.on('response', onResponse);
    const submittedAt = await page.evaluate(() => performance.timeOrigin + performance.now());
    await page.getByRole('button', { name: 'Install', exact: true }).click();
    await page.waitForURL(/\/installs\/[^/]+$/, { timeout: 60_000 });
    installId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop() ?? '');
    await page.waitForFunction(() => (window.__wizardBench?.firstProgressAt ?? -1) > 0, undefined, { timeout: 60_000 });
    const firstProgressAt = (await page.evaluate(() => window.__wizardBench?.firstProgressAt)) ?? NaN;
    const toFirstProgress = firstProgressAt - submittedAt;
    page.off('response', onResponse);
    const firstEvent = (await page.evaluate(() => window.__wizardBench?.events[0]?.receivedAt)) ?? NaN;
    const steps = [...arrivals.filter((a) => a.at <= firstProgressAt), { what: 'first event received', at: firstEvent }];
    log(`submit → first progress event rendered: ${toFirstProgress.toFixed(0)} ms`);
    log(`  after submit: ${steps.map((a) => `${a.what} +${Math.round(a.at - submittedAt)} ms`).join(', ')}, rendered +${Math.round(toFirstProgress)} ms`);

    await page.locator('[data-testid="install"][data-state="succeeded"], [data-testid="install"][data-state="failed"]').waitFor({ timeout: 600_000 });
    const state = await page.getByTestId('install').getAttribute('data-state');
    if (state !== 'succeeded') throw new Error(`the install ended ${state}: ${await page.getByTestId('install').innerText()}`);
    const times = (await page.evaluate(() => window.__wizardBench)) ?? { events: [] };
    const latencies = times.events.map((e) => e.receivedAt - Date.parse(e.at));
    if (latencies.length === 0) throw new Error('the page received no event of the install');
    log(`${latencies.length} events received during the install; latency max ${Math.max(...latencies).toFixed(0)} ms`);
    const p50 = percentile(latencies, 50);
    const p95 = percentile(latencies, 95);
    return [
      {
        name: 'wizard: submit → first progress event rendered',
        value: Math.round(toFirstProgress),
        unit: 'ms',
        target: '< 500 ms',
        met: toFirstProgress < 500,
      },
      { name: 'wizard: target / measured (submit → first progress)', value: Number((500 / toFirstProgress).toFixed(2)), unit: 'x' },
      { name: `wizard: event at → received in the browser, p50 (${latencies.length} events)`, value: Math.round(p50), unit: 'ms' },
      { name: 'wizard: event at → received in the browser, p95', value: Math.round(p95), unit: 'ms', target: '< 250 ms', met: p95 < 250 },
      { name: 'wizard: target / measured (event latency p95)', value: Number((250 / Math.max(p95, 1)).toFixed(2)), unit: 'x' },
    ];
  } finally {
    if (page && installId) await destroyed(page, installId, csrf, name).catch((error: unknown) => log(`destroy failed: ${(error as Error).message}`));
    await browser.close();
    await stopGroup(server);
    await service.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

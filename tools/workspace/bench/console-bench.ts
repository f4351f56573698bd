import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { gzipSync } from 'node:zlib';
import { chromium, type Page } from 'playwright-core';
import { findFreePort, WORKSPACE_ROOT } from '@strata/toolchain';
import { percentile, type BenchRow } from './bench-row';
import { BENCH_NAMESPACE, benchPod, startScaleCluster } from './scale-cluster';

const NODES = Number(process.env['STRATA_BENCH_NODES'] ?? 1000);
const PODS = Number(process.env['STRATA_BENCH_PODS'] ?? 10_000);
const CHURN_SECONDS = Number(process.env['STRATA_BENCH_CHURN_SECONDS'] ?? 300);
const UPDATE_SAMPLES = 20;
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

async function waitHealthy(url: string, timeoutMs: number): Promise<void> {
  const deadline = AbortSignal.timeout(timeoutMs);
  while (!deadline.aborted) {
    try {
      if ((await fetch(url, { signal: AbortSignal.timeout(2_000) })).ok) return;
    } catch {
      // Not up yet.
    }
    await sleep(300);
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}

/**
 * The page's live JavaScript heap: garbage collected twice (one pass leaves what the first
 * one's finalizers released), read three times half a second apart, smallest kept, so a
 * render or a message in flight at the moment of reading does not count as growth.
 */
async function heapAfterGc(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  let smallest = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 3; i++) {
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
    const { metrics } = await cdp.send('Performance.getMetrics');
    smallest = Math.min(smallest, metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? NaN);
    await page.waitForTimeout(500);
  }
  await cdp.detach();
  return smallest;
}

/**
 * The console on a KWOK-simulated cluster of 1,000 nodes and 10,000 pods: time to first
 * rows of the pods and nodes pages, API-change-to-row latency, browser heap under churn and
 * the compressed size of the first page's JavaScript. Runs the console's production build.
 */
export async function runConsoleBench(): Promise<BenchRow[]> {
  const log = (m: string) => console.log(`  ${m}`);
  const build = spawnSync(join(WORKSPACE_ROOT, 'node_modules/.bin/nx'), ['run', 'console:build'], {
    cwd: WORKSPACE_ROOT,
    env: { ...process.env, NX_DAEMON: 'false', NEXT_TELEMETRY_DISABLED: '1' },
    encoding: 'utf8',
  });
  if (build.status !== 0) throw new Error(`console build failed:\n${build.stdout}${build.stderr}`);

  const cluster = await startScaleCluster(NODES, PODS, log);
  const work = mkdtempSync(join(tmpdir(), 'strata-console-bench-'));
  const port = await findFreePort();
  const base = `http://127.0.0.1:${port}`;
  const home = join(work, 'home');
  mkdirSync(join(home, 'clusters'), { recursive: true });
  writeFileSync(
    join(home, 'clusters', 'bench.json'),
    JSON.stringify({
      clusterId: 'bench',
      name: 'bench',
      dir: work,
      kubeconfig: cluster.cp.kubeconfigPath,
      apiUrl: cluster.cp.apiServerUrl,
      installedAt: new Date().toISOString(),
    }),
  );
  const password = 'bench-admin-password-1';
  const server = spawn(join(WORKSPACE_ROOT, 'node_modules/.bin/next'), ['start', 'apps/console', '--hostname', '127.0.0.1', '--port', String(port)], {
    cwd: WORKSPACE_ROOT,
    env: {
      ...process.env,
      NEXT_TELEMETRY_DISABLED: '1',
      STRATA_HOME: home,
      STRATA_ADMIN_PASSWORD: password,
      CONSOLE_DB: `sqlite:${join(work, 'console.db')}`,
      STRATA_CONSOLE_DATA_DIR: join(work, 'data'),
      STRATA_CONSOLE_SYNC_MS: '1000',
    },
    stdio: ['ignore', openSync(join(work, 'console.log'), 'a'), openSync(join(work, 'console.log'), 'a')],
    detached: true,
  });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    await waitHealthy(`${base}/api/health`, 120_000);
    const context = await browser.newContext({ baseURL: base });
    const page = await context.newPage();

    // First-load JavaScript of the login page, compressed as a server would send it.
    const scripts = new Map<string, number>();
    page.on('response', (res) => {
      if (res.request().resourceType() === 'script') {
        void res.body().then(
          (body) => scripts.set(res.url(), gzipSync(body).length),
          () => undefined,
        );
      }
    });
    await page.goto('/login', { waitUntil: 'networkidle' });
    await page.locator('input[name=username]').fill('admin');
    await page.locator('input[name=password]').fill(password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('heading', { name: 'Clusters' }).waitFor({ timeout: 60_000 });
    let id = '';
    for (let i = 0; i < 60 && !id; i++) {
      const body = (await (await page.request.get('/api/clusters')).json()) as { clusters: { id: string; name: string }[] };
      id = body.clusters.find((c) => c.name === 'bench')?.id ?? '';
      if (!id) await sleep(1_000);
    }
    if (!id) throw new Error('the console did not register the benchmark cluster');

    const firstRows = async (path: string, table: string): Promise<number> => {
      const started = performance.now();
      await page.goto(path, { waitUntil: 'commit' });
      await page.getByRole('table', { name: table }).locator('tbody tr').first().waitFor({ timeout: 120_000 });
      return performance.now() - started;
    };
    const podsFirst = await firstRows(`/clusters/${id}/pods?namespace=${BENCH_NAMESPACE}`, 'Pods');
    const firstLoadJs = [...scripts.values()].reduce((a, b) => a + b, 0);
    const nodesFirst = await firstRows(`/clusters/${id}/nodes`, 'Nodes');
    log(`first rows: pods ${podsFirst.toFixed(0)} ms, nodes ${nodesFirst.toFixed(0)} ms`);

    // API change → row: create probe pods and time their rows' appearance in the filtered, live pods table.
    await page.goto(`/clusters/${id}/pods?namespace=${BENCH_NAMESPACE}`);
    const table = page.getByRole('table', { name: 'Pods' });
    await table.locator('tbody tr').first().waitFor({ timeout: 120_000 });
    await page.getByLabel('Filter').fill('probe-');
    const latencies: number[] = [];
    for (let i = 0; i < UPDATE_SAMPLES; i++) {
      const name = `probe-${i}`;
      await cluster.core.createNamespacedPod({
        namespace: BENCH_NAMESPACE,
        body: benchPod(name, cluster.nodeNames[i % cluster.nodeNames.length] ?? 'sim-0000'),
      });
      const started = performance.now();
      await table.locator('tbody tr', { hasText: name }).first().waitFor({ timeout: 30_000 });
      latencies.push(performance.now() - started);
    }
    log(`update latency p50 ${percentile(latencies, 50).toFixed(0)} ms, p95 ${percentile(latencies, 95).toFixed(0)} ms`);

    // Heap under churn: the unfiltered live table while pods come and go.
    await page.getByLabel('Filter').fill('');
    await page.waitForTimeout(5_000);
    const heapStart = await heapAfterGc(page);
    const started = Date.now();
    const churnEnd = started + CHURN_SECONDS * 1000;
    const trend: string[] = [];
    let nextSample = started + 60_000;
    let n = 0;
    while (Date.now() < churnEnd) {
      const name = `churn-${n}`;
      await cluster.core.createNamespacedPod({
        namespace: BENCH_NAMESPACE,
        body: benchPod(name, cluster.nodeNames[n % cluster.nodeNames.length] ?? 'sim-0000'),
      });
      if (n >= 50) await cluster.core.deleteNamespacedPod({ name: `churn-${n - 50}`, namespace: BENCH_NAMESPACE, gracePeriodSeconds: 0 });
      n += 1;
      await sleep(100);
      if (Date.now() >= nextSample && Date.now() < churnEnd) {
        trend.push(`${Math.round((Date.now() - started) / 1000)} s: ${((await heapAfterGc(page)) / 1024 / 1024).toFixed(1)} MB`);
        nextSample += 60_000;
      }
    }
    await page.waitForTimeout(5_000);
    const heapEnd = await heapAfterGc(page);
    log(`churn: ${n} pods created and ${Math.max(0, n - 50)} deleted over ${CHURN_SECONDS} s`);
    log(`heap during churn (after GC, while pods still change): ${trend.join(', ') || 'no sample'}`);

    const mb = (b: number) => Number((b / 1024 / 1024).toFixed(1));
    return [
      { name: `pods page: time to first rows (${PODS} pods)`, value: Math.round(podsFirst), unit: 'ms', target: '< 1500 ms', met: podsFirst < 1500 },
      { name: `nodes page: time to first rows (${NODES} nodes)`, value: Math.round(nodesFirst), unit: 'ms', target: '< 1500 ms', met: nodesFirst < 1500 },
      { name: 'pod created in the API → row in the browser, p50', value: Math.round(percentile(latencies, 50)), unit: 'ms' },
      {
        name: 'pod created in the API → row in the browser, p95',
        value: Math.round(percentile(latencies, 95)),
        unit: 'ms',
        target: '< 1000 ms',
        met: percentile(latencies, 95) < 1000,
      },
      { name: 'browser heap after GC, before churn', value: mb(heapStart), unit: 'MB' },
      { name: `browser heap after GC, after ${CHURN_SECONDS} s of churn`, value: mb(heapEnd), unit: 'MB' },
      {
        name: 'heap ratio after / before churn',
        value: Number((heapEnd / heapStart).toFixed(2)),
        unit: 'x',
        target: 'flat (≤ 1.2)',
        met: heapEnd / heapStart <= 1.2,
      },
      { name: 'first-load JavaScript, gzip', value: Math.round(firstLoadJs / 1024), unit: 'KB', target: '< 500 KB', met: firstLoadJs < 500 * 1024 },
    ];
  } finally {
    await browser.close();
    try {
      process.kill(-(server.pid ?? 0), 'SIGTERM');
    } catch {
      // Already gone.
    }
    await cluster.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

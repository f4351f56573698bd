import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeRequest, FLATCAR_APP_ID } from '@strata/omaha';
import type { Dialect } from '@strata/sql';
import { createThrowawayDatabase } from '@strata/sql/testing';
import { startUpdateServerProcess, type UpdateServerProcess } from '@strata/testkit';
import { percentile, type BenchRow } from './bench-row';

const FLEET = Number(process.env['STRATA_BENCH_UPDATE_FLEET'] ?? 10_000);
const STEADY_REQUESTS = Number(process.env['STRATA_BENCH_UPDATE_REQUESTS'] ?? 20_000);
const WARMUP = Number(process.env['STRATA_BENCH_UPDATE_WARMUP'] ?? 3_000);
const CONCURRENCY = Number(process.env['STRATA_BENCH_UPDATE_CONCURRENCY'] ?? 16);
const PAYLOAD_MIB = Number(process.env['STRATA_BENCH_UPDATE_PAYLOAD_MIB'] ?? 64);
/** `STRATA_BENCH_UPDATE_DIALECTS=postgres` measures one database only. */
const DIALECTS = (process.env['STRATA_BENCH_UPDATE_DIALECTS'] ?? 'sqlite,postgres').split(',').map((d) => d.trim()) as Dialect[];
const TARGET_RPS = 2000;
const TARGET_P99_MS = 20;

type Server = UpdateServerProcess;

async function admin(server: Server, method: string, path: string, body?: unknown, raw?: Buffer): Promise<unknown> {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${server.token}`, 'content-type': raw ? 'application/octet-stream' : 'application/json' },
    ...(raw ? { body: new Uint8Array(raw) } : body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${text}`);
  return JSON.parse(text);
}

const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });

function post(url: URL, body: string): Promise<{ status: number; text: string }> {
  return new Promise((done, fail) => {
    const req = request(url, { method: 'POST', agent, headers: { 'content-type': 'text/xml', 'content-length': Buffer.byteLength(body) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', fail);
    });
    req.on('error', fail);
    req.end(body);
  });
}

function checkXml(machineId: string, version: string, track = 'stable'): string {
  return encodeRequest({
    protocol: '3.0',
    version: 'update_engine-0.4.10',
    installSource: 'scheduler',
    os: { platform: 'CoreOS', version: 'Chateau', sp: `${version}_x86_64` },
    apps: [
      {
        appId: FLATCAR_APP_ID,
        version,
        track,
        machineId,
        bootId: `{${machineId}}`,
        oem: 'strata-local',
        updateCheck: true,
        ping: true,
        events: [],
        extra: {},
      },
    ],
  });
}

/** Sends `bodies` with `CONCURRENCY` requests in flight; returns the rate, latencies and how many were offered an update. */
async function load(server: Server, bodies: string[]): Promise<{ rps: number; p50: number; p99: number; ok: number; errors: number }> {
  const url = new URL('/v1/update/', server.url);
  const latencies: number[] = [];
  let next = 0;
  let ok = 0;
  let errors = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < bodies.length) {
        const body = bodies[next++] as string;
        const t0 = performance.now();
        const res = await post(url, body);
        latencies.push(performance.now() - t0);
        if (res.status !== 200) errors += 1;
        else if (res.text.includes('<updatecheck status="ok">')) ok += 1;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { rps: bodies.length / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99), ok, errors };
}

function rows(label: string, r: Awaited<ReturnType<typeof load>>, extra: string): BenchRow[] {
  const met = r.rps >= TARGET_RPS && r.p99 < TARGET_P99_MS && r.errors === 0;
  return [
    {
      name: `${label}: Omaha checks per second ${extra}`,
      value: Math.round(r.rps),
      unit: 'req/s',
      target: `≥ ${TARGET_RPS} req/s with p99 < ${TARGET_P99_MS} ms`,
      met,
    },
    { name: `${label}:   p50`, value: Number(r.p50.toFixed(2)), unit: 'ms' },
    { name: `${label}:   p99`, value: Number(r.p99.toFixed(2)), unit: 'ms' },
    { name: `${label}:   offered an update / HTTP errors`, value: r.ok, unit: `offered, ${r.errors} errors` },
  ];
}

function payloadOf(size: number): Buffer {
  // Incompressible enough and cheap to make: repeated random blocks.
  const block = randomBytes(1024 * 1024);
  const out = Buffer.alloc(size);
  for (let off = 0; off < size; off += block.length) block.copy(out, off, 0, Math.min(block.length, size - off));
  return out;
}

async function fleetBench(dialect: Dialect, payload: Buffer): Promise<BenchRow[]> {
  const db = await createThrowawayDatabase(dialect, 'updates_bench');
  const server = await startUpdateServerProcess({ dataDir: join(db.dir, 'data'), database: db.url });
  try {
    await admin(server, 'POST', '/v1/admin/packages?version=2.0.0&channel=stable', undefined, payload.subarray(0, 1024 * 1024));
    // A warm-up the measurements leave out: the server's code compiled and its write path
    // exercised by other machines' first checks (on a track no group serves), as on a server
    // that has been running for a while.
    const warmup = Array.from({ length: WARMUP }, (_, i) => checkXml(`warmup-${i}-${randomBytes(8).toString('hex')}`, '2.0.0', 'warmup'));
    await load(server, warmup);
    const fleet = Array.from({ length: FLEET }, () => randomBytes(16).toString('hex'));
    // Every machine checks in once (registers), on the channel's version.
    const register = await load(
      server,
      fleet.map((m) => checkXml(m, '2.0.0')),
    );
    const steadyBodies = Array.from({ length: STEADY_REQUESTS }, (_, i) => checkXml(fleet[(i * 7919) % FLEET] as string, '2.0.0'));
    const steady = await load(server, steadyBodies);
    // Limited rollout: 3.0.0 at 50 per hour, the whole fleet asks; the holds answer noupdate.
    await admin(server, 'PUT', '/v1/admin/groups/stable/policy', { maxUpdatesPerPeriod: 50, periodSeconds: 3600 });
    await admin(server, 'POST', '/v1/admin/packages?version=3.0.0&channel=stable', undefined, payload.subarray(0, 1024 * 1024 + 1));
    const limited = await load(
      server,
      fleet.map((m) => checkXml(m, '2.0.0')),
    );
    // Rollout burst: the limit lifted, every machine asks again and is granted (a write each).
    await admin(server, 'PUT', '/v1/admin/groups/stable/policy', { maxUpdatesPerPeriod: null });
    const burst = await load(
      server,
      fleet.map((m) => checkXml(m, '2.0.0')),
    );
    return [
      ...rows(`${dialect}, ${FLEET} machines`, register, '(first check-in)'),
      ...rows(`${dialect}, ${FLEET} machines`, steady, '(steady, noupdate)'),
      ...rows(`${dialect}, ${FLEET} machines`, limited, '(rollout burst, 50 per hour)'),
      ...rows(`${dialect}, ${FLEET} machines`, burst, '(rollout burst, every check granted)'),
    ];
  } finally {
    await server.stop();
    await db.drop();
  }
}

async function downloadBench(payload: Buffer): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'strata-updates-bench-'));
  const server = await startUpdateServerProcess({ dataDir: join(dir, 'data'), database: `sqlite:${join(dir, 'updates.db')}` });
  try {
    const published = (await admin(server, 'POST', '/v1/admin/packages?version=2.0.0', undefined, payload)) as { package: { file: string } };
    const url = `${server.url}/v1/packages/${published.package.file}`;
    const started = performance.now();
    let received = 0;
    for (let i = 0; i < 3; i++) received += (await (await fetch(url)).arrayBuffer()).byteLength;
    const mbps = received / 1024 / 1024 / ((performance.now() - started) / 1000);
    // Interrupted at 40 %, then resumed from what arrived with Range and If-Range.
    const controller = new AbortController();
    const first = await fetch(url, { signal: controller.signal });
    const etag = first.headers.get('etag') ?? '';
    const kept: Buffer[] = [];
    let firstBytes = 0;
    const reader = first.body?.getReader();
    if (!reader) throw new Error(`GET ${url} has no body`);
    while (firstBytes < payload.length * 0.4) {
      const { value, done } = await reader.read();
      if (done || !value) break;
      kept.push(Buffer.from(value));
      firstBytes += value.length;
    }
    controller.abort();
    await reader.cancel().catch(() => undefined);
    const rest = await fetch(url, { headers: { range: `bytes=${firstBytes}-`, 'if-range': etag } });
    const restBytes = Buffer.from(await rest.arrayBuffer());
    const whole = Buffer.concat([...kept, restBytes]);
    return [
      { name: `payload download (${PAYLOAD_MIB} MiB, 3 times)`, value: Number(mbps.toFixed(0)), unit: 'MB/s' },
      { name: '  resumed after an interruption at 40 %: bytes re-fetched', value: firstBytes + restBytes.length - payload.length, unit: 'bytes' },
      { name: '  resumed payload identical to the original', value: whole.equals(payload) ? 1 : 0, unit: '(1 = yes)', target: '1', met: whole.equals(payload) },
    ];
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The update server under a simulated fleet: Omaha checks per second with p50/p99 latency on
 * SQLite and PostgreSQL, after a warm-up of 3,000 other machines' checks (first check-in,
 * steady noupdate checks, a rollout burst held by a limit, and one where every check is a
 * grant), then payload download throughput and what a resumed download fetches twice. The
 * server runs as its own process; the load comes from this one over keep-alive connections.
 */
export async function runUpdatesBench(): Promise<BenchRow[]> {
  const payload = payloadOf(PAYLOAD_MIB * 1024 * 1024);
  const out: BenchRow[] = [];
  for (const dialect of DIALECTS) out.push(...(await fleetBench(dialect, payload)));
  out.push(...(await downloadBench(payload)));
  agent.destroy();
  return out;
}

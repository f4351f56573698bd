import { verify } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateLicenseKeyPair, signLicense, trustedKeysFromJwks, verifyLicense, type LicenseClaims } from '@strata/licensing';
import { sampleClaims } from '@strata/licensing/testing';
import autocannon from 'autocannon';
import { spawnServer } from '../src/testing/spawn-server';
import type { Dialect } from '@strata/sql';
import { createThrowawayDatabase } from '@strata/sql/testing';

/** One benchmark figure, as the workspace bench runner prints it. */
export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  target?: string;
  /** Whether the target is met, when there is one. */
  met?: boolean;
}

const ADMIN_TOKEN = 'slat_bench-admin-token-0123456789abcdef';
const VALIDATE_SECONDS = 8;
const VALIDATE_CONNECTIONS = 16;

/** Runs `op` in batches for about `ms` milliseconds and returns operations per second. */
function opsPerSecond(op: () => void, ms: number): number {
  let count = 0;
  const start = process.hrtime.bigint();
  const end = start + BigInt(ms) * 1_000_000n;
  let now = start;
  while (now < end) {
    for (let i = 0; i < 200; i++) op();
    count += 200;
    now = process.hrtime.bigint();
  }
  return count / (Number(now - start) / 1e9);
}

/** A license valid from yesterday for a year, so it verifies whenever the bench runs. */
function benchClaims(): LicenseClaims {
  const now = Date.now();
  return sampleClaims({
    licenseId: 'lic_bench0001',
    customer: { id: 'cus_bench', name: 'Bench Corp' },
    issuedAt: new Date(now).toISOString(),
    notBefore: new Date(now - 86_400_000).toISOString(),
    expiresAt: new Date(now + 365 * 86_400_000).toISOString(),
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/**
 * Offline verification rate against bare `crypto.verify` with an already imported key.
 * The two run in short adjacent pairs (alternating which goes first) and the ratio is the
 * median of the pairs, so load from other processes affects both sides of each pair alike.
 */
async function benchOfflineVerification(): Promise<BenchResult[]> {
  const keys = generateLicenseKeyPair({ kid: 'bench' });
  const token = await signLicense(benchClaims(), keys.privateJwk, keys.kid);
  const trustedKeys = trustedKeysFromJwks(keys.jwks);
  const key = trustedKeys.byKid.get('bench');
  if (!key) throw new Error('bench key missing');
  const lastDot = token.lastIndexOf('.');
  const signingInput = Buffer.from(token.slice(0, lastDot), 'ascii');
  const signature = Buffer.from(token.slice(lastDot + 1), 'base64url');
  const now = new Date();

  const full = () => {
    if (!verifyLicense(token, { trustedKeys, now }).ok) throw new Error('verification failed');
  };
  const bare = () => {
    if (!verify(null, signingInput, key, signature)) throw new Error('bare verification failed');
  };
  opsPerSecond(full, 300);
  opsPerSecond(bare, 300);
  const fulls: number[] = [];
  const bares: number[] = [];
  const ratios: number[] = [];
  for (let round = 0; round < 10; round++) {
    const [f, b] =
      round % 2 === 0 ? [opsPerSecond(full, 250), opsPerSecond(bare, 250)] : ([opsPerSecond(bare, 250), opsPerSecond(full, 250)].reverse() as [number, number]);
    fulls.push(f);
    bares.push(b);
    ratios.push(f / b);
  }
  return [
    { name: 'offline license verification (verifyLicense)', value: Math.round(median(fulls)), unit: 'ops/s' },
    { name: 'bare crypto.verify, cached Ed25519 key', value: Math.round(median(bares)), unit: 'ops/s' },
    { name: 'verifyLicense / bare crypto.verify', value: Number(median(ratios).toFixed(3)), unit: 'ratio', target: '>= 0.8', met: median(ratios) >= 0.8 },
  ];
}

async function post(url: string, body: unknown, token = ADMIN_TOKEN): Promise<Record<string, unknown>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  const json = (await response.json()) as Record<string, unknown>;
  if (!response.ok) throw new Error(`${url}: ${response.status} ${JSON.stringify(json)}`);
  return json;
}

/**
 * The validation endpoint under autocannon on loopback: a license server process with a real
 * license, three activated clusters with usage reports, and the public rate limit raised so
 * the limiter runs but does not refuse.
 */
async function benchValidationEndpoint(dialect: Dialect): Promise<BenchResult[]> {
  const database = await createThrowawayDatabase(dialect, 'license');
  const dataDir = mkdtempSync(join(tmpdir(), 'strata-ls-bench-'));
  const server = await spawnServer({ db: database.url, dataDir, env: { LICENSE_ADMIN_TOKEN: ADMIN_TOKEN, LICENSE_RATE_LIMIT_MAX: '1000000000' } });
  try {
    const customer = await post(`${server.url}/v1/admin/customers`, { name: 'Bench Corp' });
    const subscription = await post(`${server.url}/v1/admin/subscriptions`, { customerId: customer['id'], plan: 'standard', nodes: 50 });
    const license = await post(`${server.url}/v1/admin/licenses`, { subscriptionId: subscription['id'] });
    for (const cluster of ['bench-a', 'bench-b', 'bench-c']) {
      const activation = await post(`${server.url}/v1/activations`, { license: license['token'], clusterId: cluster });
      await post(
        `${server.url}/v1/usage-reports`,
        { reportId: `${cluster}-report-1`, clusterId: cluster, nodes: 5, observedAt: new Date().toISOString() },
        String(activation['activationSecret']),
      );
    }
    const body = JSON.stringify({ license: license['token'], clusterId: 'bench-a', nodes: 6 });
    const check = await post(`${server.url}/v1/validate`, JSON.parse(body));
    if (check['status'] !== 'VALID') throw new Error(`validation answered ${JSON.stringify(check)}`);

    const run = (duration: number) =>
      autocannon({
        url: `${server.url}/v1/validate`,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
        connections: VALIDATE_CONNECTIONS,
        duration,
      });
    await run(1); // warm-up: JIT, prepared statements
    const result = await run(VALIDATE_SECONDS);
    if (result.non2xx > 0 || result.errors > 0) throw new Error(`validation bench saw ${result.non2xx} non-2xx answers and ${result.errors} errors`);
    const label = dialect === 'sqlite' ? 'SQLite' : 'PostgreSQL';
    const targets =
      dialect === 'sqlite'
        ? { rps: { target: '>= 5000', met: result.requests.average >= 5000 }, p99: { target: '< 20', met: result.latency.p99 < 20 } }
        : { rps: {}, p99: {} };
    return [
      {
        name: `POST /v1/validate throughput (${label}, ${VALIDATE_CONNECTIONS} connections)`,
        value: Math.round(result.requests.average),
        unit: 'req/s',
        ...targets.rps,
      },
      { name: `POST /v1/validate p99 latency (${label})`, value: result.latency.p99, unit: 'ms', ...targets.p99 },
    ];
  } finally {
    await server.stop();
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** All license benchmarks: offline verification, and the validation endpoint on SQLite and PostgreSQL. */
export async function runLicenseBench(options: { postgres?: boolean } = {}): Promise<BenchResult[]> {
  const results = [...(await benchOfflineVerification()), ...(await benchValidationEndpoint('sqlite'))];
  if (options.postgres === false) return results;
  try {
    results.push(...(await benchValidationEndpoint('postgres')));
  } catch (error) {
    console.warn(`license bench: skipped PostgreSQL (${error instanceof Error ? error.message : String(error)})`);
  }
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const results = await runLicenseBench({ postgres: !process.argv.includes('--no-postgres') });
  for (const r of results)
    console.log(`${r.name.padEnd(62)} ${String(r.value).padStart(10)} ${r.unit}${r.target ? `  (target ${r.target}: ${r.met ? 'met' : 'NOT met'})` : ''}`);
}

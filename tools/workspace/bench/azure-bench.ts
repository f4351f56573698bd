import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startArmServer, trustArmTestCaInProcess, type ArmServer } from '@strata/azure-arm-server';
import { DEFAULT_CONCURRENCY } from '@strata/driver-api';
import { azureDriver } from '@strata/driver-azure';
import { armPlatform, azureContext, createPublicZone, useArmCredentials } from '@strata/driver-azure/testing';
import type { BenchRow } from './bench-row';
import { applyThenDestroy, benchCluster, benchContext, perWorkerCalls, sum, type Measured } from './driver-scaling';

const SMALL = 3;
const BIG = 100;
/** Target of the Azure driver's scaling: the wall time of 100 workers within 3× that of 3. */
const RATIO_TARGET = 3;
/**
 * How long the test server keeps each long-running operation in progress, and the
 * `Retry-After` it answers with: 50 ms polled every 25 ms (the server's default; the run is
 * bound by CPU and the journal's fsyncs), and 1 s with `Retry-After: 1`, nearer ARM (a VM
 * takes tens of seconds there, and ARM names the wait), where the run is bound by the waits
 * the driver overlaps.
 */
const LATENCIES = [
  { delayMs: 50, retryAfterSeconds: 0 },
  { delayMs: 1_000, retryAfterSeconds: 1 },
];
/** How often the pollers look when the server's `Retry-After` is 0. */
const POLL_MS = 25;

/** ARM calls by method and resource type (`PUT virtualMachines`, `GET operations`), from the server's request log. */
function callsOf(arm: ArmServer): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of arm.requestLog()) {
    const segments = r.path.split('?')[0]?.split('/').filter(Boolean) ?? [];
    const providers = segments.findIndex((s) => s.toLowerCase() === 'providers');
    const type = providers >= 0 ? (segments[providers + 2] ?? '') : segments.length > 2 ? 'resourceGroups' : 'subscription';
    const key = `${r.method} ${/operations|operationStatuses|operationResults/i.test(r.path) ? 'operations' : type}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

/** Apply then destroy the infrastructure of a cluster of one control-plane machine and `workers` workers. */
async function measure(work: string, arm: ArmServer, workers: number): Promise<Measured> {
  const ctx = await benchContext(work, benchCluster(`bench-${workers}`, { azure: armPlatform(arm) }, workers), azureContext);
  const problems = await azureDriver.validate(ctx);
  if (problems.length > 0) throw new Error(`bench-${workers}: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`);
  return applyThenDestroy(azureDriver, ctx, { reset: () => arm.clearRequestLog(), counts: () => callsOf(arm) }, workers);
}

/** Both sizes on a fresh server whose long-running operations take `delayMs`. */
async function measurePair(work: string, delayMs: number, retryAfterSeconds: number): Promise<{ small: Measured; big: Measured }> {
  const arm = await startArmServer({ asyncDelayMs: delayMs, lroRetryAfterSeconds: retryAfterSeconds });
  try {
    useArmCredentials(arm, POLL_MS);
    for (const name of ['cores', 'standardDSv5Family']) arm.setQuota('westeurope', name, 10_000);
    await createPublicZone(arm, 'example.com');
    return { small: await measure(work, arm, SMALL), big: await measure(work, arm, BIG) };
  } finally {
    await arm.close();
  }
}

/**
 * The Azure driver against the ARM test server, pollers looking every 25 ms: apply and
 * destroy of a cluster with 3 workers and of one with 100 (one control-plane machine, one
 * worker pool), with long-running operations of 50 ms and of 1 s (see LATENCIES); wall times, their ratios,
 * and ARM calls per added worker from the server's request log ((calls at 100 − calls at 3) / 97).
 */
export async function runAzureBench(): Promise<BenchRow[]> {
  // This process was started without NODE_EXTRA_CA_CERTS: trust the test CA from here on.
  trustArmTestCaInProcess();
  const work = mkdtempSync(join(tmpdir(), 'strata-azure-bench-'));
  const rows: BenchRow[] = [];
  try {
    console.log(`  (apply and destroy run ${DEFAULT_CONCURRENCY} steps at once, NIC and VM creates and deletes up to 64; pollers every ${POLL_MS} ms)`);
    for (const { delayMs, retryAfterSeconds } of LATENCIES) {
      const { small, big } = await measurePair(join(work, String(delayMs)), delayMs, retryAfterSeconds);
      const added = BIG - SMALL;
      const applyRatio = big.applyMs / small.applyMs;
      const destroyRatio = big.destroyMs / small.destroyMs;
      const applyPerWorker = (sum(big.applyCalls) - sum(small.applyCalls)) / added;
      const destroyPerWorker = (sum(big.destroyCalls) - sum(small.destroyCalls)) / added;
      const ratioTarget = `≤ ${RATIO_TARGET}`;
      const op = `operations ${delayMs} ms`;
      console.log(`  ${op}: apply calls per added worker: ${perWorkerCalls(small.applyCalls, big.applyCalls, added)}`);
      console.log(`  ${op}: destroy calls per added worker: ${perWorkerCalls(small.destroyCalls, big.destroyCalls, added)}`);
      rows.push(
        { name: `${op}: apply, 1 control plane + ${SMALL} workers (${small.steps} steps)`, value: Math.round(small.applyMs), unit: 'ms' },
        { name: `${op}: destroy, 1 control plane + ${SMALL} workers`, value: Math.round(small.destroyMs), unit: 'ms' },
        { name: `${op}: apply, 1 control plane + ${BIG} workers (${big.steps} steps)`, value: Math.round(big.applyMs), unit: 'ms' },
        { name: `${op}: destroy, 1 control plane + ${BIG} workers`, value: Math.round(big.destroyMs), unit: 'ms' },
        { name: `${op}: ARM calls, apply / destroy (${SMALL} workers)`, value: sum(small.applyCalls), unit: `/ ${sum(small.destroyCalls)} calls` },
        { name: `${op}: ARM calls, apply / destroy (${BIG} workers)`, value: sum(big.applyCalls), unit: `/ ${sum(big.destroyCalls)} calls` },
        { name: `${op}: apply ARM calls per added worker`, value: Number(applyPerWorker.toFixed(2)), unit: 'calls' },
        { name: `${op}: destroy ARM calls per added worker`, value: Number(destroyPerWorker.toFixed(2)), unit: 'calls' },
        {
          name: `${op}: apply wall time ratio ${BIG}/${SMALL}`,
          value: Number(applyRatio.toFixed(1)),
          unit: 'x',
          target: ratioTarget,
          met: applyRatio <= RATIO_TARGET,
        },
        {
          name: `${op}: destroy wall time ratio ${BIG}/${SMALL}`,
          value: Number(destroyRatio.toFixed(1)),
          unit: 'x',
          target: ratioTarget,
          met: destroyRatio <= RATIO_TARGET,
        },
      );
    }
    return rows;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

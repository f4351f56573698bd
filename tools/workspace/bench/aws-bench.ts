import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateHostedZoneCommand, Route53Client } from '@aws-sdk/client-route-53';
import { cidrContainsAddress, cloudPlacement } from '@strata/cluster-config';
import { DEFAULT_CONCURRENCY } from '@strata/driver-api';
import { awsDriver } from '@strata/driver-aws';
import { awsContext, endpointsAt, startFaultProxy, startMoto, useMotoCredentials, type FaultProxy } from '@strata/driver-aws/testing';
import type { BenchRow } from './bench-row';
import { applyThenDestroy, benchCluster, benchContext, perWorkerCalls, sum, type Measured } from './driver-scaling';

const SMALL = 3;
const BIG = 300;
/** Targets of the AWS driver's scaling: wall time grows far slower than the cluster, and each worker costs a few calls. */
const RATIO_TARGET = 3;
const CALLS_PER_WORKER_TARGET = 10;

/** Apply then destroy the infrastructure of a cluster of one control-plane machine and `workers` workers, through the counting proxy. */
async function measure(work: string, proxy: FaultProxy, workers: number): Promise<Measured> {
  const name = `bench-${workers}`;
  const cluster = benchCluster(
    name,
    { aws: { region: 'eu-central-1', zones: ['eu-central-1a', 'eu-central-1b', 'eu-central-1c'], endpoints: endpointsAt(proxy.endpoint) } },
    workers,
  );
  const ctx = await benchContext(work, cluster, awsContext);
  // Every machine needs a free address in its zone's private subnet (the driver's validation also checks
  // the account's instance quota, which moto sets to 20, so it is not asked here).
  const placement = cloudPlacement(cluster);
  const fits = placement.every((p) => p.address !== '' && cidrContainsAddress(p.subnet, p.address));
  if (!fits || new Set(placement.map((p) => p.address)).size !== placement.length) throw new Error(`${name}: the machines do not fit their subnets`);
  return applyThenDestroy(awsDriver, ctx, { reset: () => proxy.resetCounts(), counts: () => proxy.counts() }, workers);
}

/**
 * The AWS driver against moto with the counting proxy in front: apply and destroy of a
 * cluster with 3 workers and of one with 300 (one control-plane machine, one worker pool,
 * machineCIDR 10.0.0.0/16), wall times, the ratio of wall times, and AWS API calls per
 * added worker ((calls at 300 − calls at 3) / 297).
 */
export async function runAwsBench(): Promise<BenchRow[]> {
  useMotoCredentials();
  const work = mkdtempSync(join(tmpdir(), 'strata-aws-bench-'));
  const moto = await startMoto({ logFile: join(work, 'moto.log') });
  const proxy = await startFaultProxy(moto.endpoint);
  try {
    const r53 = new Route53Client({ region: 'eu-central-1', endpoint: moto.endpoint, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
    await r53.send(new CreateHostedZoneCommand({ Name: 'example.com', CallerReference: 'bench-example-com' }));
    const small = await measure(work, proxy, SMALL);
    const big = await measure(work, proxy, BIG);
    const added = BIG - SMALL;
    const applyRatio = big.applyMs / small.applyMs;
    const destroyRatio = big.destroyMs / small.destroyMs;
    const applyPerWorker = (sum(big.applyCalls) - sum(small.applyCalls)) / added;
    const destroyPerWorker = (sum(big.destroyCalls) - sum(small.destroyCalls)) / added;
    const ratioTarget = `≤ ${RATIO_TARGET}`;
    const callsTarget = `≤ ${CALLS_PER_WORKER_TARGET}`;
    console.log(`  (apply and destroy run ${DEFAULT_CONCURRENCY} steps at once; machine deletes up to 250, their terminations batched)`);
    console.log(`  apply calls per added worker by action: ${perWorkerCalls(small.applyCalls, big.applyCalls, added, 5)}`);
    console.log(`  destroy calls per added worker by action: ${perWorkerCalls(small.destroyCalls, big.destroyCalls, added, 5)}`);
    return [
      { name: `apply, 1 control plane + ${SMALL} workers (${small.steps} steps)`, value: Math.round(small.applyMs), unit: 'ms' },
      { name: `destroy, 1 control plane + ${SMALL} workers`, value: Math.round(small.destroyMs), unit: 'ms' },
      { name: `  AWS API calls, apply / destroy (${SMALL} workers)`, value: sum(small.applyCalls), unit: `/ ${sum(small.destroyCalls)} calls` },
      { name: `apply, 1 control plane + ${BIG} workers (${big.steps} steps)`, value: Math.round(big.applyMs), unit: 'ms' },
      { name: `destroy, 1 control plane + ${BIG} workers`, value: Math.round(big.destroyMs), unit: 'ms' },
      { name: `  AWS API calls, apply / destroy (${BIG} workers)`, value: sum(big.applyCalls), unit: `/ ${sum(big.destroyCalls)} calls` },
      { name: `apply wall time ratio ${BIG}/${SMALL}`, value: Number(applyRatio.toFixed(1)), unit: 'x', target: ratioTarget, met: applyRatio <= RATIO_TARGET },
      {
        name: `destroy wall time ratio ${BIG}/${SMALL}`,
        value: Number(destroyRatio.toFixed(1)),
        unit: 'x',
        target: ratioTarget,
        met: destroyRatio <= RATIO_TARGET,
      },
      {
        name: `apply AWS API calls per added worker ((${BIG} − ${SMALL}) / ${added})`,
        value: Number(applyPerWorker.toFixed(2)),
        unit: 'calls',
        target: callsTarget,
        met: applyPerWorker <= CALLS_PER_WORKER_TARGET,
      },
      {
        name: `destroy AWS API calls per added worker ((${BIG} − ${SMALL}) / ${added})`,
        value: Number(destroyPerWorker.toFixed(2)),
        unit: 'calls',
        target: callsTarget,
        met: destroyPerWorker <= CALLS_PER_WORKER_TARGET,
      },
    ];
  } finally {
    await proxy.stop();
    await moto.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

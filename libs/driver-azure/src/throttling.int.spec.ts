// The driver while ARM throttles, fails and loses things: 429s with Retry-After, a resource
// busy with another operation, a non-retryable refusal, a long-running operation that ends
// Failed, and a resource group deleted behind the driver's back.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ResourceManagementClient } from '@azure/arm-resources';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startArmServer, type ArmServer } from '@strata/azure-arm-server';
import { parseCluster } from '@strata/cluster-config';
import { writeAssetDirectory } from '@strata/bootstrap';
import { applyPlan, azureOwnership, destroyAll, type DriverContext, type RunOptions } from '@strata/driver-api';
import { StrataError } from '@strata/errors';
import { azureDriver } from './azure-driver';
import { armPlatform, azureContext, createPublicZone, useArmCredentials } from './testing';

const FAST: RunOptions = { retry: { initialDelayMs: 20, maxDelayMs: 200 } };
const scopes = ['https://management.azure.com/.default'];
const work = mkdtempSync(join(tmpdir(), 'strata-azure-throttling-'));
let arm: ArmServer;

/** A small cluster (one control-plane machine, two workers) on the test server. */
async function smallCluster(name: string): Promise<DriverContext> {
  const cluster = parseCluster(
    JSON.stringify({
      apiVersion: 'strata.dev/v1alpha1',
      kind: 'Cluster',
      metadata: { name },
      spec: {
        baseDomain: 'example.com',
        platform: { azure: armPlatform(arm) },
        controlPlane: { replicas: 1, machineType: 'small' },
        workers: [{ name: 'default', replicas: 2, machineType: 'small' }],
        networking: { machineCIDR: '10.60.0.0/16' },
      },
    }),
    { format: 'json' },
  );
  const dir = join(work, name);
  const { manifest } = await writeAssetDirectory(dir, cluster);
  return azureContext({ cluster: JSON.stringify(cluster), clusterId: manifest.clusterId, assetsDir: dir, journal: join(dir, 'state/journal.jsonl') });
}

/** The cluster's resources on the server, as `type step` lines: a step created twice shows twice. */
function owned(ctx: DriverContext): string[] {
  return arm
    .resources()
    .flatMap((r) => {
      const metadata = (r.properties as { metadata?: Record<string, string> } | undefined)?.metadata;
      const marks = azureOwnership.decode({ labels: r.tags ?? {} }) ?? azureOwnership.decode({ labels: metadata ?? {} });
      return marks?.clusterId === ctx.clusterId ? [`${r.type} ${marks.step ?? ''}`] : [];
    })
    .sort();
}

const inGroup = (ctx: DriverContext) => arm.resources().filter((r) => r.id.toLowerCase().includes(`/resourcegroups/${ctx.cluster.metadata.name}-rg`));

beforeAll(async () => {
  arm = await startArmServer({ asyncDelayMs: 10 });
  useArmCredentials(arm);
  await createPublicZone(arm, 'example.com');
}, 60_000);

afterAll(async () => {
  await arm?.close();
  rmSync(work, { recursive: true, force: true });
});

describe('the Azure driver while ARM throttles and fails', () => {
  it('installs without duplicates through 429s on creates and reads and a resource busy with another operation, then destroys through 429s', async () => {
    const ctx = await smallCluster('throttled');
    const plan = azureDriver.plan(ctx);
    arm.clearRequestLog();
    arm.throttleNext(6, { method: 'PUT', retryAfterSeconds: 0 });
    arm.throttleNext(4, { method: 'GET', pathIncludes: '/providers/Microsoft.Compute/virtualMachines', retryAfterSeconds: 0 });
    arm.failNext(
      2,
      { status: 409, code: 'AnotherOperationInProgress', message: 'Another operation on this or dependent resource is in progress.' },
      { method: 'PUT', pathIncludes: '/networkInterfaces/' },
    );
    const applied = await applyPlan(azureDriver, ctx, plan, FAST);
    expect(applied.created.length).toBe(plan.steps.length);
    const log = arm.requestLog();
    expect(log.filter((r) => r.status === 429)).toHaveLength(10);
    expect(log.filter((r) => r.status === 409)).toHaveLength(2);
    const resources = owned(ctx);
    expect(resources.filter((r, i) => resources.indexOf(r) !== i)).toEqual([]);
    expect(resources.filter((r) => r.startsWith('Microsoft.Compute/virtualMachines '))).toHaveLength(3);
    expect((await azureDriver.listMachines(ctx)).map((m) => m.state)).toEqual(['running', 'running', 'running']);

    arm.clearRequestLog();
    arm.throttleNext(5, { method: 'DELETE', retryAfterSeconds: 0 });
    await destroyAll(azureDriver, ctx, plan, FAST);
    expect(arm.requestLog().filter((r) => r.status === 429)).toHaveLength(5);
    expect(owned(ctx)).toEqual([]);
    expect(inGroup(ctx)).toEqual([]);
  }, 120_000);

  it('waits as long as a 429 asks (Retry-After: 1) before it tries that call again, though its own backoff is 20 ms', async () => {
    const ctx = await smallCluster('retry-after');
    const plan = azureDriver.plan(ctx);
    arm.clearRequestLog();
    arm.throttleNext(1, { method: 'PUT', pathIncludes: '/networkSecurityGroups/', retryAfterSeconds: 1 });
    await applyPlan(azureDriver, ctx, plan, FAST);
    const log = arm.requestLog();
    const throttled = log.find((r) => r.status === 429);
    expect(throttled).toBeDefined();
    const retried = log.find((r) => r.at >= (throttled?.at ?? 0) && r !== throttled && r.method === 'PUT' && r.path === throttled?.path);
    expect(retried).toBeDefined();
    expect((retried?.at ?? 0) - (throttled?.at ?? 0)).toBeGreaterThanOrEqual(950);
    await destroyAll(azureDriver, ctx, plan, FAST);
    expect(owned(ctx)).toEqual([]);
  }, 120_000);

  it('adopts a VM whose create lost its answer (a throttled poll) once it settled, without a second PUT', async () => {
    const ctx = await smallCluster('lost-poll');
    const plan = azureDriver.plan(ctx);
    arm.clearRequestLog();
    arm.throttleNext(1, { method: 'GET', pathIncludes: '/providers/Microsoft.Compute/locations/', retryAfterSeconds: 0 });
    const applied = await applyPlan(azureDriver, ctx, plan, FAST);
    expect(applied.created.length).toBe(plan.steps.length);
    const log = arm.requestLog();
    expect(log.filter((r) => r.status === 429)).toHaveLength(1);
    expect(log.filter((r) => r.method === 'PUT' && /\/virtualMachines\/[^/]+$/.test(r.path))).toHaveLength(3);
    expect(owned(ctx).filter((r) => r.startsWith('Microsoft.Compute/virtualMachines '))).toHaveLength(3);
    await destroyAll(azureDriver, ctx, plan, FAST);
    expect(owned(ctx)).toEqual([]);
  }, 120_000);

  it('stops at a quota refusal (409 OperationNotAllowed) of a VM, naming the machine, without retrying it; a re-run finishes', async () => {
    const ctx = await smallCluster('quota');
    const plan = azureDriver.plan(ctx);
    arm.clearRequestLog();
    arm.failNext(
      1,
      {
        status: 409,
        code: 'OperationNotAllowed',
        message: 'Operation could not be completed as it results in exceeding approved standardDSv5Family Cores quota.',
      },
      { method: 'PUT', pathIncludes: '/virtualMachines/' },
    );
    const error = await applyPlan(azureDriver, ctx, plan, FAST).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StrataError);
    const failure = error as StrataError;
    expect(failure.retryable).toBe(false);
    expect(failure.message).toMatch(
      /^creating machine quota-(cp|default)-\d: creating virtual machine quota-(cp|default)-\d: OperationNotAllowed: Operation could not be completed/,
    );
    const machine = /creating machine (\S+):/.exec(failure.message)?.[1] ?? '';
    // Refused once, never sent again.
    expect(arm.requestLog().filter((r) => r.method === 'PUT' && r.path.endsWith(`/virtualMachines/${machine}`))).toHaveLength(1);
    expect(ctx.journal.state(`machine/${machine}`)).not.toBe('created');

    const again = await applyPlan(azureDriver, ctx, plan, FAST);
    expect([...again.created, ...again.unchanged, ...again.adopted]).toHaveLength(plan.steps.length);
    const resources = owned(ctx);
    expect(resources.filter((r, i) => resources.indexOf(r) !== i)).toEqual([]);
    await destroyAll(azureDriver, ctx, plan, FAST);
    expect(owned(ctx)).toEqual([]);
  }, 120_000);

  it('reports a VM whose long-running create ends Failed, naming it; a re-run brings the same VM to Succeeded', async () => {
    const ctx = await smallCluster('failed-op');
    const plan = azureDriver.plan(ctx);
    arm.failNextOperation(
      1,
      { code: 'AllocationFailed', message: 'Allocation failed. We do not have sufficient capacity for the requested VM size in this region.' },
      { pathIncludes: '/virtualMachines/' },
    );
    const error = await applyPlan(azureDriver, ctx, plan, FAST).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StrataError);
    expect((error as Error).message).toMatch(/creating virtual machine failed-op-(cp|default)-\d: .*Allocation failed/);
    const again = await applyPlan(azureDriver, ctx, plan, FAST);
    expect([...again.created, ...again.unchanged, ...again.adopted]).toHaveLength(plan.steps.length);
    const vms = owned(ctx).filter((r) => r.startsWith('Microsoft.Compute/virtualMachines '));
    expect(vms).toHaveLength(3);
    expect((await azureDriver.listMachines(ctx)).map((m) => m.state)).toEqual(['running', 'running', 'running']);
    await destroyAll(azureDriver, ctx, plan, FAST);
    expect(owned(ctx)).toEqual([]);
  }, 120_000);

  it('destroys a cluster whose resource group is already gone, with and without the journal, without looping', async () => {
    const ctx = await smallCluster('gone');
    const plan = azureDriver.plan(ctx);
    await applyPlan(azureDriver, ctx, plan, FAST);
    await new ResourceManagementClient(arm.credential, arm.subscriptionId, { endpoint: arm.url, credentialScopes: scopes }).resourceGroups.beginDeleteAndWait(
      'gone-rg',
      { updateIntervalInMs: 20 },
    );
    expect(inGroup(ctx)).toEqual([]);
    const started = Date.now();
    await destroyAll(azureDriver, ctx, plan, FAST);
    // Only the api record outside the group was left.
    expect(owned(ctx)).toEqual([]);
    const lost = azureContext({
      cluster: JSON.stringify(ctx.cluster),
      clusterId: ctx.clusterId,
      assetsDir: ctx.assetsDir,
      journal: join(ctx.assetsDir, 'state/lost.jsonl'),
    });
    expect(await destroyAll(azureDriver, lost, plan, FAST)).toEqual({ deleted: [], swept: [] });
    expect(Date.now() - started).toBeLessThan(20_000);
  }, 120_000);
});

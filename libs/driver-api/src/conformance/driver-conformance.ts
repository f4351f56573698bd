import { machinesOf } from '@strata/cluster-config';
import { afterAll, describe, expect, it } from 'vitest';
import { applyPlan, destroyAll } from '../apply';
import { CLUSTER_ID_TAG, CLUSTER_TAG, DRIVER_CONTRACT_VERSION, type Driver, type DriverContext } from '../contract';
import { Journal } from '../journal';
import { InfraPlanSchema } from '../schemas';

/** What a driver's own test provides to run the shared conformance suite. */
export interface ConformanceHarness {
  driver: Driver;
  /** A context for a small valid cluster (one control plane, one worker) with rendered assets and an empty journal. */
  newContext(): Promise<DriverContext>;
  /** The same cluster with an invalid platform section, and a path its problems must start with. */
  invalidContext(): Promise<{ ctx: DriverContext; pathPrefix: string }>;
  /** A new context for the same cluster and assets whose journal is empty (the journal was lost). */
  withoutJournal(ctx: DriverContext): Promise<DriverContext>;
  /** Releases whatever the harness made (temporary directories). */
  cleanup(): Promise<void>;
  /** Per-test timeout for apply and destroy, in milliseconds. */
  timeoutMs?: number;
}

/**
 * The conformance suite of contract v1alpha1 (docs/driver-contract.md). Every driver runs
 * it in its own tests against its real substrate or its protocol-faithful test server.
 */
export function describeDriverConformance(harness: ConformanceHarness): void {
  const { driver } = harness;
  const timeout = harness.timeoutMs ?? 180_000;

  describe(`driver contract ${DRIVER_CONTRACT_VERSION}: ${driver.platform}`, () => {
    afterAll(() => harness.cleanup());

    it('declares the contract version it implements', () => {
      expect(driver.contractVersion).toBe(DRIVER_CONTRACT_VERSION);
    });

    it('accepts a valid platform section and reports an invalid one with paths, before creating anything', async () => {
      const ctx = await harness.newContext();
      expect(await driver.validate(ctx)).toEqual([]);
      const { ctx: bad, pathPrefix } = await harness.invalidContext();
      const problems = await driver.validate(bad);
      expect(problems.length).toBeGreaterThan(0);
      for (const p of problems) expect(p.path.startsWith(pathPrefix), p.path).toBe(true);
      expect(await driver.listMachines(bad)).toEqual(expect.not.arrayContaining([expect.objectContaining({ state: 'running' })]));
    });

    it('plans deterministically, tags every step, and orders dependencies first', async () => {
      const ctx = await harness.newContext();
      const plan = InfraPlanSchema.parse(driver.plan(ctx));
      expect(driver.plan(ctx)).toEqual(plan);
      const seen = new Set<string>();
      for (const step of plan.steps) {
        expect(seen.has(step.id), `duplicate step ${step.id}`).toBe(false);
        for (const dep of step.dependsOn) expect(seen.has(dep), `${step.id} depends on later step ${dep}`).toBe(true);
        expect(step.tags[CLUSTER_TAG]).toBe(ctx.cluster.metadata.name);
        expect(step.tags[CLUSTER_ID_TAG]).toBe(ctx.clusterId);
        expect(driver.handlers[step.kind], `handler for ${step.kind}`).toBeDefined();
        seen.add(step.id);
      }
      const machineSteps = plan.steps.filter((s) => s.kind === 'machine').map((s) => s.name);
      expect(machineSteps.sort()).toEqual(machinesOf(ctx.cluster).map((m) => m.name).sort());
    });

    it(
      'applies, re-applies without duplicates, adopts an interrupted create, and destroys twice',
      async () => {
        const ctx = await harness.newContext();
        const plan = driver.plan(ctx);
        try {
          const first = await applyPlan(driver, ctx, plan);
          expect(first.created.length).toBe(plan.steps.length);
          const machines = await driver.listMachines(ctx);
          expect(machines.map((m) => m.name).sort()).toEqual(machinesOf(ctx.cluster).map((m) => m.name).sort());
          for (const m of machines) {
            expect(m.state).toBe('running');
            expect(m.providerID).toMatch(new RegExp(`^${driver.platform}://`));
            expect(m.addresses.length).toBeGreaterThan(0);
          }

          const second = await applyPlan(driver, ctx, plan);
          expect(second.created).toEqual([]);
          expect(second.unchanged.length).toBe(plan.steps.length);

          // A crash between the provider accepting a create and the journal recording it.
          const machineStep = plan.steps.find((s) => s.kind === 'machine');
          if (!machineStep) throw new Error('the plan has no machine step');
          ctx.journal.record(machineStep.id, 'creating');
          const third = await applyPlan(driver, ctx, plan);
          expect(third.created).toEqual([]);
          expect(third.adopted).toEqual([machineStep.id]);
          const again = await driver.listMachines(ctx);
          expect(again.map((m) => m.providerID).sort()).toEqual(machines.map((m) => m.providerID).sort());

          await destroyAll(driver, ctx, plan);
          expect((await driver.listMachines(ctx)).filter((m) => m.state !== 'missing')).toEqual([]);
          expect(await driver.sweep(ctx)).toEqual([]);
          await destroyAll(driver, ctx, plan);
        } finally {
          await destroyAll(driver, ctx, plan).catch(() => undefined);
        }
      },
      timeout,
    );

    it(
      'destroys by tag when the journal is lost',
      async () => {
        const ctx = await harness.newContext();
        const plan = driver.plan(ctx);
        try {
          await applyPlan(driver, ctx, plan);
          const orphaned = await harness.withoutJournal(ctx);
          expect(orphaned.journal.entries()).toEqual([]);
          expect((await driver.sweep(orphaned)).length).toBeGreaterThan(0);
          await destroyAll(driver, orphaned, plan);
          expect(await driver.sweep(orphaned)).toEqual([]);
          expect((await driver.listMachines(orphaned)).filter((m) => m.state !== 'missing')).toEqual([]);
        } finally {
          await destroyAll(driver, ctx, plan).catch(() => undefined);
        }
      },
      timeout,
    );

    it('keeps the journal durable across reopening', async () => {
      const ctx = await harness.newContext();
      ctx.journal.record('probe/step', 'created', { id: 'x' });
      const reopened = Journal.open(ctx.journal.path);
      expect(reopened.state('probe/step')).toBe('created');
      expect(reopened.outputs('probe/step')).toEqual({ id: 'x' });
    });
  });
}

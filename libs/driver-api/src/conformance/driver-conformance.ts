import { setTimeout as sleep } from 'node:timers/promises';
import type { ChildProcess } from 'node:child_process';
import { machinesOf } from '@strata/cluster-config';
import { StrataError } from '@strata/errors';
import { afterAll, describe, expect, it } from 'vitest';
import { applyPlan, destroyAll, type RunOptions } from '../apply';
import { CLUSTER_ID_TAG, CLUSTER_TAG, DRIVER_CONTRACT_VERSION, type Driver, type DriverContext } from '../contract';
import { Journal } from '../journal';
import { nameRule } from '../names';
import { ownershipProblems } from '../ownership';
import { InfraPlanSchema, type InfraPlan, type PlanStep } from '../schemas';
import { spawnChildApply } from './child-apply';
import type { FaultKind, InjectedFault } from './faults';

/** One resource as the provider lists it, with the plan step its ownership marks name. */
export interface ProviderResource {
  /** The step id from the resource's marks; undefined when it carries only the cluster's. */
  step: string | undefined;
  /** The provider's id of the resource (an instance id, an ARN, a pid): a re-created resource has a new one. */
  id: string;
}

/** What a driver's own test provides to run the shared conformance suite. */
export interface ConformanceHarness {
  /** The driver under test; it must honour {@link ConformanceHarness.injectFault}. */
  driver: Driver;
  /** A context for a small valid cluster (one control plane, one worker) with rendered assets and an empty journal. */
  newContext(): Promise<DriverContext>;
  /** The same cluster with an invalid platform section, and a path its problems must start with. */
  invalidContext(): Promise<{ ctx: DriverContext; pathPrefix: string }>;
  /** A new context for the same cluster, cluster id and assets whose journal is empty (the journal was lost). */
  withoutJournal(ctx: DriverContext): Promise<DriverContext>;
  /**
   * Every resource carrying the cluster's marks, listed straight from the provider (its list
   * API by tag, the local machine's directories and processes), never through the driver's
   * `find` or `sweep`: a create that ran twice shows as two resources of one step.
   */
  listOwned(ctx: DriverContext): Promise<ProviderResource[]>;
  /**
   * Makes the next create of a step of `stepKind` fail the way the provider fails it:
   * `throttle` with a retryable `ProviderError`, `fatal` with a non-retryable one, and in
   * both cases with nothing created. `withInjectedFaults` does it by wrapping the driver's
   * handlers; a harness whose test server can answer a call with an error (429, 400) may
   * arm it there.
   */
  injectFault(kind: FaultKind, stepKind: string): Promise<InjectedFault>;
  /** Deletes the resource of `step` straight on the provider, behind the driver's back (as an operator might). */
  deleteOutOfBand(ctx: DriverContext, step: PlanStep): Promise<void>;
  /**
   * For the crash case: the absolute path of a module exporting `conformanceChild`
   * (`ConformanceChild`: the same driver, and `restoreContext`), which the suite imports in
   * a child process it kills with SIGKILL in the middle of an apply.
   */
  childModule: string;
  /** A string from which `conformanceChild.restoreContext` rebuilds `ctx` in the child (same cluster, id, assets and journal file). */
  contextRef(ctx: DriverContext): string;
  /** Releases whatever the harness made (temporary directories). */
  cleanup(): Promise<void>;
  /** Per-test timeout for apply and destroy, in milliseconds. */
  timeoutMs?: number;
}

/** The step kind the fault and crash cases act on: every plan has machines. */
const MACHINE = 'machine';
/** Retries quick enough for a test, with the production policy's shape. */
const FAST_RETRY: RunOptions = { retry: { initialDelayMs: 50, maxDelayMs: 500 } };
/** How long the crash case's child holds each create between the provider and the journal. */
const CHILD_HOLD_MS = 1_500;

/** How many provider resources each step has, keyed by step id (`(no step)` for resources without one). */
async function resourcesPerStep(harness: ConformanceHarness, ctx: DriverContext): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const r of await harness.listOwned(ctx)) {
    const key = r.step ?? '(no step)';
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

function onePerStep(plan: InfraPlan): Record<string, number> {
  return Object.fromEntries(plan.steps.map((s) => [s.id, 1]));
}

async function providerIds(harness: ConformanceHarness, ctx: DriverContext): Promise<string[]> {
  return (await harness.listOwned(ctx)).map((r) => `${r.step ?? ''} ${r.id}`).sort();
}

function machineStepsOf(plan: InfraPlan): [PlanStep, ...PlanStep[]] {
  const [first, ...rest] = plan.steps.filter((s) => s.kind === MACHINE);
  if (!first) throw new Error('the plan has no machine step');
  return [first, ...rest];
}

/**
 * Waits until the journal at `path` shows at least one step created while the child holds
 * another create the provider accepted but the journal has not recorded, then kills
 * `child` with SIGKILL. Returns the journal as the child left it and the steps it held.
 * Fails when the child ends first.
 */
async function killMidApply(child: ChildProcess, path: string, deadlineMs: number): Promise<{ journal: Journal; held: string[] }> {
  let output = '';
  const held = new Set<string>();
  child.stdout?.on('data', (d: Buffer) => {
    output += d.toString();
    const complete = output.split('\n').slice(0, -1);
    for (const line of complete) if (line.startsWith('held ')) held.add(line.slice('held '.length));
  });
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  let ended = false;
  const exited = new Promise<NodeJS.Signals | number | null>((done) =>
    child.once('exit', (code, signal) => {
      ended = true;
      done(signal ?? code);
    }),
  );
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    if (ended) throw new Error(`the child apply ended before it could be killed mid-apply:\n${output}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the child apply never had one step created while holding another:\n${output}`);
    }
    const created = new Set(Journal.open(path).steps('created'));
    const holding = [...held].filter((s) => !created.has(s));
    if (created.size >= 1 && holding.length >= 1) {
      child.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');
      return { journal: Journal.open(path), held: holding };
    }
    await sleep(25);
  }
}

/**
 * The conformance suite of contract v1beta1 (docs/driver-contract.md, "Conformance").
 * Every driver runs it in its own tests against its real substrate or its
 * protocol-faithful test server.
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

    it('plans deterministically, also for a second context of the same cluster id, tags every step, and orders dependencies first', async () => {
      const ctx = await harness.newContext();
      const plan = InfraPlanSchema.parse(driver.plan(ctx));
      expect(driver.plan(ctx)).toEqual(plan);
      expect(driver.plan(await harness.withoutJournal(ctx))).toEqual(plan);
      const seen = new Set<string>();
      for (const step of plan.steps) {
        expect(seen.has(step.id), `duplicate step ${step.id}`).toBe(false);
        for (const dep of step.dependsOn) expect(seen.has(dep), `${step.id} depends on later step ${dep}`).toBe(true);
        expect(step.tags[CLUSTER_TAG]).toBe(ctx.cluster.metadata.name);
        expect(step.tags[CLUSTER_ID_TAG]).toBe(ctx.clusterId);
        expect(driver.handlers[step.kind], `handler for ${step.kind}`).toBeDefined();
        seen.add(step.id);
      }
      const machineSteps = plan.steps.filter((s) => s.kind === MACHINE).map((s) => s.name);
      expect(machineSteps.sort()).toEqual(
        machinesOf(ctx.cluster)
          .map((m) => m.name)
          .sort(),
      );
    });

    it('names every resource within its platform rule, without two resources of a kind sharing a name', async () => {
      const plan = driver.plan(await harness.newContext());
      const names = new Set<string>();
      for (const step of plan.steps) {
        const rule = nameRule(driver.platform, step.kind);
        expect(step.name.length, `${step.id}: ${step.name} (${rule.doc})`).toBeLessThanOrEqual(rule.max);
        expect(step.name, `${step.id} (${rule.doc})`).toMatch(rule.pattern);
        expect(names.has(`${step.kind}/${step.name}`), `two ${step.kind} steps named ${step.name}`).toBe(false);
        names.add(`${step.kind}/${step.name}`);
      }
    });

    it("encodes every step's ownership marks within the platform's limits, and reads them back", async () => {
      const ctx = await harness.newContext();
      const cluster = ctx.cluster.metadata.name;
      for (const step of driver.plan(ctx).steps) {
        const encoded = driver.ownership.encode({ cluster, clusterId: ctx.clusterId, step: step.id });
        expect(ownershipProblems(driver.ownership, encoded), step.id).toEqual([]);
        expect(driver.ownership.decode(encoded)?.clusterId, step.id).toBe(ctx.clusterId);
      }
      expect(ownershipProblems(driver.ownership, driver.ownership.encode({ cluster, clusterId: ctx.clusterId }))).toEqual([]);
    });

    it(
      'applies, re-applies without change, and adopts every create the journal never recorded, without a duplicate',
      async () => {
        const ctx = await harness.newContext();
        const plan = driver.plan(ctx);
        try {
          const first = await applyPlan(driver, ctx, plan);
          expect(first.created.length).toBe(plan.steps.length);
          expect(await resourcesPerStep(harness, ctx)).toEqual(onePerStep(plan));
          const machines = await driver.listMachines(ctx);
          expect(machines.map((m) => m.name).sort()).toEqual(
            machinesOf(ctx.cluster)
              .map((m) => m.name)
              .sort(),
          );
          for (const m of machines) {
            expect(m.state).toBe('running');
            expect(m.providerID).toMatch(new RegExp(`^${driver.platform}://`));
            expect(m.addresses.length).toBeGreaterThan(0);
          }
          const ids = await providerIds(harness, ctx);

          const second = await applyPlan(driver, ctx, plan);
          expect(second.created).toEqual([]);
          expect(second.unchanged.length).toBe(plan.steps.length);

          // Every create was accepted by the provider, and the process died before the
          // journal said so: the journal shows each step only as being created.
          const rewound = await harness.withoutJournal(ctx);
          for (const step of plan.steps) rewound.journal.record(step.id, 'creating');
          const third = await applyPlan(driver, rewound, plan);
          expect(third.created).toEqual([]);
          expect(third.adopted.sort()).toEqual(plan.steps.map((s) => s.id).sort());
          expect(await providerIds(harness, ctx)).toEqual(ids);
          for (const step of plan.steps) expect(Journal.open(rewound.journal.path).state(step.id), step.id).toBe('created');
        } finally {
          await destroyAll(driver, ctx, plan).catch(() => undefined);
        }
      },
      timeout,
    );

    it(
      'retries a throttled create; destroys a cluster one of whose resources is already gone; destroys twice',
      async () => {
        const ctx = await harness.newContext();
        const plan = driver.plan(ctx);
        try {
          const throttle = await harness.injectFault('throttle', MACHINE);
          const result = await applyPlan(driver, ctx, plan, FAST_RETRY);
          expect(await throttle.fired()).toBe(true);
          expect(result.created.length).toBe(plan.steps.length);
          for (const step of plan.steps) expect(ctx.journal.state(step.id), step.id).toBe('created');
          expect(await resourcesPerStep(harness, ctx)).toEqual(onePerStep(plan));

          const [gone] = machineStepsOf(plan);
          await harness.deleteOutOfBand(ctx, gone);
          expect((await resourcesPerStep(harness, ctx))[gone.id]).toBeUndefined();

          await destroyAll(driver, ctx, plan);
          expect(await harness.listOwned(ctx)).toEqual([]);
          expect(await driver.sweep(ctx)).toEqual([]);
          expect((await driver.listMachines(ctx)).filter((m) => m.state !== 'missing')).toEqual([]);
          expect(await destroyAll(driver, ctx, plan)).toEqual({ deleted: [], swept: [] });
        } finally {
          await destroyAll(driver, ctx, plan).catch(() => undefined);
        }
      },
      timeout,
    );

    it(
      'destroys by its marks when the journal is lost',
      async () => {
        const ctx = await harness.newContext();
        const plan = driver.plan(ctx);
        try {
          await applyPlan(driver, ctx, plan);
          const orphaned = await harness.withoutJournal(ctx);
          expect(orphaned.journal.entries()).toEqual([]);
          expect((await driver.sweep(orphaned)).length).toBeGreaterThan(0);
          await destroyAll(driver, orphaned, plan);
          expect(await harness.listOwned(orphaned)).toEqual([]);
          expect(await driver.sweep(orphaned)).toEqual([]);
          expect((await driver.listMachines(orphaned)).filter((m) => m.state !== 'missing')).toEqual([]);
        } finally {
          await destroyAll(driver, ctx, plan).catch(() => undefined);
        }
      },
      timeout,
    );

    it(
      'resumes an apply killed with SIGKILL between a create and its journal record: every step created, none twice',
      async () => {
        const ctx = await harness.newContext();
        const plan = driver.plan(ctx);
        try {
          const child = spawnChildApply(harness.childModule, harness.contextRef(ctx), CHILD_HOLD_MS);
          const { journal, held } = await killMidApply(child, ctx.journal.path, timeout / 2);
          const before = journal.steps('created');
          expect(before.length).toBeLessThan(plan.steps.length);
          for (const id of held) expect(journal.state(id), id).toBe('creating');

          const resumed = { ...ctx, journal };
          const result = await applyPlan(driver, resumed, plan);
          expect([...result.created, ...result.adopted, ...result.unchanged].sort()).toEqual(plan.steps.map((s) => s.id).sort());
          expect(result.unchanged).toEqual(expect.arrayContaining(before));
          // The creates the child held had reached the provider: they are adopted, not made again.
          expect(result.adopted).toEqual(expect.arrayContaining(held));
          for (const step of plan.steps) expect(Journal.open(ctx.journal.path).state(step.id), step.id).toBe('created');
          expect(await resourcesPerStep(harness, ctx)).toEqual(onePerStep(plan));
          expect((await driver.listMachines(resumed)).map((m) => m.state)).toEqual(machinesOf(ctx.cluster).map(() => 'running'));
        } finally {
          await destroyAll(driver, { ...ctx, journal: Journal.open(ctx.journal.path) }, plan).catch(() => undefined);
        }
      },
      timeout,
    );

    it(
      "stops at a non-retryable provider error naming the step's resource, and the journal records nothing that does not exist",
      async () => {
        const ctx = await harness.newContext();
        const plan = driver.plan(ctx);
        try {
          const fatal = await harness.injectFault('fatal', MACHINE);
          const error = await applyPlan(driver, ctx, plan, FAST_RETRY).then(
            () => undefined,
            (e: unknown) => e,
          );
          expect(await fatal.fired()).toBe(true);
          expect(error).toBeInstanceOf(StrataError);
          const failure = error as StrataError;
          expect(failure.kind).toBe('provider');
          expect(failure.retryable).toBe(false);
          const named = machineStepsOf(plan).filter((s) => failure.message.includes(s.name));
          expect(
            named.map((s) => s.id),
            failure.message,
          ).toHaveLength(1);
          const failed = named[0]?.id ?? '';

          const journal = Journal.open(ctx.journal.path);
          const perStep = await resourcesPerStep(harness, ctx);
          expect(journal.state(failed)).not.toBe('created');
          expect(perStep[failed]).toBeUndefined();
          for (const id of journal.steps('created')) expect(perStep[id], `${id} is journaled as created`).toBe(1);
          expect(journal.steps('created').length).toBeLessThan(plan.steps.length);

          await destroyAll(driver, ctx, plan);
          expect(await harness.listOwned(ctx)).toEqual([]);
        } finally {
          await destroyAll(driver, ctx, plan).catch(() => undefined);
        }
      },
      timeout,
    );

    const catalog = driver.catalog;
    if (catalog) {
      it('describes its catalog well-formed: credential kinds, lookups, machine types and a dated price table', () => {
        const kinds = catalog.credentialKinds.map((k) => k.kind);
        expect(new Set(kinds).size, 'credential kinds are unique').toBe(kinds.length);
        for (const kind of catalog.credentialKinds) {
          expect(kind.kind, 'kind').toMatch(/^[a-z][a-z0-9-]*$/);
          expect(kind.title.trim(), `${kind.kind} title`).not.toBe('');
          expect(
            kind.fields.some((f) => !f.optional),
            `${kind.kind} has a required field`,
          ).toBe(true);
          const names = kind.fields.map((f) => f.name);
          expect(new Set(names).size, `${kind.kind} field names are unique`).toBe(names.length);
          for (const field of kind.fields) {
            expect(field.name, `${kind.kind} field name`).toMatch(/^[a-zA-Z][a-zA-Z0-9]*$/);
            expect(field.title.trim(), `${kind.kind}.${field.name} title`).not.toBe('');
            expect(typeof field.secret, `${kind.kind}.${field.name} secret`).toBe('boolean');
          }
        }
        expect(new Set(catalog.lookups).size, 'lookups are unique').toBe(catalog.lookups.length);
        for (const name of catalog.lookups) expect(name).toMatch(/^[a-z][a-z0-9-]*$/);
        const sizes = catalog.machineTypes.map((m) => m.size);
        expect(new Set(sizes).size, 'machine sizes are unique').toBe(sizes.length);
        for (const m of catalog.machineTypes) {
          expect(m.type.trim(), `${m.size} type`).not.toBe('');
          expect(m.cpus, `${m.size} cpus`).toBeGreaterThan(0);
          expect(m.memoryGiB, `${m.size} memory`).toBeGreaterThan(0);
        }
        if (catalog.prices) {
          const { asOf, currency, source } = catalog.prices;
          expect(asOf, 'prices.asOf is an ISO date').toMatch(/^\d{4}-\d{2}-\d{2}$/);
          expect(new Date(`${asOf}T00:00:00Z`).toISOString().slice(0, 10), 'prices.asOf is a real date').toBe(asOf);
          expect(currency, 'prices.currency').toMatch(/^[A-Z]{3}$/);
          expect(new URL(source).protocol, 'prices.source').toBe('https:');
        }
      });

      it('estimates every plan step exactly once: a cost of at least 0, or none with the reason', async () => {
        const ctx = await harness.newContext();
        const plan = driver.plan(ctx);
        const costs = catalog.estimate(ctx.cluster, plan);
        expect(costs.map((c) => c.stepId).sort()).toEqual(plan.steps.map((s) => s.id).sort());
        for (const cost of costs) {
          if (cost.monthlyCost === null) expect(cost.unpricedReason?.trim(), `${cost.stepId} has no price and no reason`).toBeTruthy();
          else expect(Number.isFinite(cost.monthlyCost) && cost.monthlyCost >= 0, `${cost.stepId}: ${cost.monthlyCost}`).toBe(true);
        }
        if (!catalog.prices)
          expect(
            costs.every((c) => c.monthlyCost === 0),
            'a platform without prices costs nothing',
          ).toBe(true);
      });

      it('refuses a lookup it does not have with an input error naming the lookup', async () => {
        const refused = await catalog.lookup('no-such-lookup', {}).then(
          () => undefined,
          (error: unknown) => error,
        );
        expect(refused).toBeInstanceOf(StrataError);
        expect(refused).toMatchObject({ kind: 'input', problems: [expect.objectContaining({ path: 'lookup' })] });
      });
    }

    it('keeps the journal durable across reopening', async () => {
      const ctx = await harness.newContext();
      ctx.journal.record('probe/step', 'created', { id: 'x' });
      const reopened = Journal.open(ctx.journal.path);
      expect(reopened.state('probe/step')).toBe('created');
      expect(reopened.outputs('probe/step')).toEqual({ id: 'x' });
    });
  });
}

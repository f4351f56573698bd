import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { afterEach, describe, expect, it } from 'vitest';
import { ProviderError } from '@strata/errors';
import { applyPlan, destroyAll } from './apply';
import { defineHandler, type Driver, type DriverContext } from './contract';
import { Journal } from './journal';
import { localOwnership } from './ownership';
import type { InfraPlan, PlanStep } from './schemas';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

/** An in-memory substrate: resources by step id, with injectable faults and a concurrency gauge. */
function substrate(faults: Record<string, ProviderError[]> = {}) {
  const resources = new Map<string, string>();
  const order: string[] = [];
  let running = 0;
  let peak = 0;
  const handler = defineHandler({
    spec: z.object({}),
    outputs: z.strictObject({ id: z.string() }),
    async find(_ctx, step) {
      const id = resources.get(step.id);
      return id ? { id } : undefined;
    },
    async create(_ctx, step) {
      running++;
      peak = Math.max(peak, running);
      // A provider call takes a while, so that parallel steps overlap.
      await sleep(20);
      running--;
      const fault = faults[step.id]?.shift();
      if (fault) throw fault;
      resources.set(step.id, `r-${step.id}`);
      order.push(`create ${step.id}`);
      return { id: `r-${step.id}` };
    },
    async delete(_ctx, step) {
      resources.delete(step.id);
      order.push(`delete ${step.id}`);
    },
  });
  const driver: Driver = {
    platform: 'local',
    contractVersion: 'v1beta1',
    ownership: localOwnership,
    validate: async () => [],
    plan: () => ({ cluster: 'c', platform: 'local', steps: [] }),
    handlers: { thing: handler },
    listMachines: async () => [],
    sweep: async () => [],
    deleteOwned: async () => undefined,
  };
  return { driver, resources, order, peak: () => peak };
}

function ctx(): DriverContext {
  const dir = mkdtempSync(join(tmpdir(), 'strata-apply-'));
  dirs.push(dir);
  return { journal: Journal.open(join(dir, 'journal.jsonl')), emit: () => undefined } as unknown as DriverContext;
}

const step = (id: string, dependsOn: string[] = []): PlanStep => ({ id, kind: 'thing', name: id, dependsOn, spec: {}, tags: {} });
const plan = (steps: PlanStep[]): InfraPlan => ({ cluster: 'c', platform: 'local', steps });
const wide = plan([step('net'), ...Array.from({ length: 12 }, (_, i) => step(`m${i}`, ['net'])), step('last', ['m0', 'm11'])]);

describe('applyPlan and destroyAll', () => {
  it('runs independent steps concurrently within the bound, dependencies first', async () => {
    const s = substrate();
    const result = await applyPlan(s.driver, ctx(), wide, { concurrency: 4 });
    expect(result.created).toHaveLength(14);
    expect(s.peak()).toBe(4);
    expect(s.order[0]).toBe('create net');
    expect(s.order.at(-1)).toBe('create last');
  });

  it('retries a throttled create and succeeds', async () => {
    const s = substrate({ m3: [new ProviderError('Throttling: rate exceeded', { retryable: true }), new ProviderError('Throttling', { retryable: true })] });
    const c = ctx();
    await applyPlan(s.driver, c, wide, { retry: { initialDelayMs: 5, maxDelayMs: 20 } });
    expect(c.journal.state('m3')).toBe('created');
  });

  it('stops at a non-retryable error: running steps are journaled, nothing new starts, the error names the step', async () => {
    const s = substrate({ m2: [new ProviderError('InvalidParameter: bad size')] });
    const c = ctx();
    await expect(applyPlan(s.driver, c, wide, { concurrency: 2 })).rejects.toThrow(/creating thing m2: InvalidParameter/);
    expect(c.journal.state('m2')).toBe('creating');
    expect(c.journal.state('last')).toBe('absent');
    for (const id of s.resources.keys()) expect(c.journal.state(id)).toBe('created');
    expect(s.resources.size).toBeLessThan(14);
  });

  it("runs the deletes of a kind with its own delete concurrency past the run's limit, the other kinds within it", async () => {
    const gauge = { running: new Map<string, number>(), peak: new Map<string, number>() };
    const counted = (kind: string, deleteConcurrency?: number) =>
      defineHandler({
        spec: z.object({}),
        outputs: z.strictObject({ id: z.string() }),
        find: async (_ctx, s) => ({ id: s.id }),
        create: async (_ctx, s) => ({ id: s.id }),
        async delete() {
          const now = (gauge.running.get(kind) ?? 0) + 1;
          gauge.running.set(kind, now);
          gauge.peak.set(kind, Math.max(gauge.peak.get(kind) ?? 0, now));
          await sleep(20);
          gauge.running.set(kind, now - 1);
        },
        ...(deleteConcurrency ? { deleteConcurrency } : {}),
      });
    const { driver } = substrate();
    driver.handlers['machine'] = counted('machine', 50);
    driver.handlers['thing'] = counted('thing');
    const machine = (id: string): PlanStep => ({ ...step(id, ['net']), kind: 'machine' });
    const steps = [step('net'), ...Array.from({ length: 12 }, (_, i) => machine(`m${i}`)), ...Array.from({ length: 6 }, (_, i) => step(`t${i}`, ['net']))];
    await destroyAll(driver, ctx(), plan(steps), { concurrency: 2 });
    expect(gauge.peak.get('machine')).toBe(12);
    expect(gauge.peak.get('thing')).toBeLessThanOrEqual(2);
  });

  it("runs the creates of a kind with its own create concurrency past the run's limit, the other kinds within it", async () => {
    const gauge = { running: new Map<string, number>(), peak: new Map<string, number>() };
    const counted = (kind: string, createConcurrency?: number) =>
      defineHandler({
        spec: z.object({}),
        outputs: z.strictObject({ id: z.string() }),
        find: () => Promise.resolve(undefined),
        async create(_ctx, s) {
          const now = (gauge.running.get(kind) ?? 0) + 1;
          gauge.running.set(kind, now);
          gauge.peak.set(kind, Math.max(gauge.peak.get(kind) ?? 0, now));
          await sleep(20);
          gauge.running.set(kind, (gauge.running.get(kind) ?? 1) - 1);
          return { id: s.id };
        },
        delete: () => Promise.resolve(),
        ...(createConcurrency ? { createConcurrency } : {}),
      });
    const { driver } = substrate();
    driver.handlers['machine'] = counted('machine', 50);
    driver.handlers['thing'] = counted('thing');
    const machine = (id: string): PlanStep => ({ ...step(id, ['net']), kind: 'machine' });
    const steps = [step('net'), ...Array.from({ length: 12 }, (_, i) => machine(`m${i}`)), ...Array.from({ length: 6 }, (_, i) => step(`t${i}`, ['net']))];
    await applyPlan(driver, ctx(), plan(steps), { concurrency: 2 });
    expect(gauge.peak.get('machine')).toBe(12);
    expect(gauge.peak.get('thing')).toBeLessThanOrEqual(2);
  });

  it('deletes a step of a handler that deletes from its outputs without finding it first, and finds the steps the journal does not name', async () => {
    const s = substrate();
    const finds: string[] = [];
    const deleted: [string, unknown][] = [];
    const thing = s.driver.handlers['thing'];
    if (!thing) throw new Error('substrate without its handler');
    s.driver.handlers['thing'] = {
      ...thing,
      deletesFromOutputs: true,
      find: (c, st, spec) => (finds.push(st.id), thing.find(c, st, spec)),
      delete: async (c, st, outputs) => (deleted.push([st.id, outputs]), thing.delete(c, st, outputs)),
    };
    const c = ctx();
    const p = plan([step('a'), step('b')]);
    await applyPlan(s.driver, c, p);
    // b's create was cut short before its outputs were journaled, so destroy has to find it.
    c.journal.record('b', 'creating');
    finds.length = 0;
    await destroyAll(s.driver, c, p);
    expect(finds).toEqual(['b']);
    expect(deleted.sort()).toEqual([
      ['a', { id: 'r-a' }],
      ['b', { id: 'r-b' }],
    ]);
    expect(s.resources.size).toBe(0);
  });

  it('destroys in reverse dependency order, twice', async () => {
    const s = substrate();
    const c = ctx();
    await applyPlan(s.driver, c, wide);
    s.order.length = 0;
    await destroyAll(s.driver, c, wide);
    expect(s.order.indexOf('delete last')).toBeLessThan(s.order.indexOf('delete m0'));
    expect(s.order.indexOf('delete last')).toBeLessThan(s.order.indexOf('delete m11'));
    expect(s.order.at(-1)).toBe('delete net');
    expect(s.resources.size).toBe(0);
    expect((await destroyAll(s.driver, c, wide)).deleted).toEqual([]);
  });

  it.each([
    ['apply', (s: ReturnType<typeof substrate>, c: DriverContext) => applyPlan(s.driver, c, wide)],
    ['destroy', (s: ReturnType<typeof substrate>, c: DriverContext) => destroyAll(s.driver, c, wide)],
  ])("refuses, on %s, journaled outputs that do not match the step's outputs schema, naming the journal and the step", async (_, run) => {
    const s = substrate();
    const c = ctx();
    // `net` was journaled with outputs its handler never returns; the resource itself is gone.
    c.journal.record('net', 'created', { ident: 'r-net' });
    const reopened = { ...c, journal: Journal.open(c.journal.path) };
    await expect(run(s, reopened)).rejects.toThrow(`the journal ${reopened.journal.path} holds outputs of step net that do not match the thing schema (id: `);
    expect(s.order).toEqual([]);
  });
});

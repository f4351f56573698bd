import type { z } from 'zod';
import { InputError, ProviderError, withContext } from '@strata/errors';
import type { Driver, DriverContext, ResourceHandler, StepInputs, StepOutputs } from './contract';
import { runGraph } from './graph';
import { withRetries, type RetryOptions } from './retry';
import { progress, type InfraPlan, type PlanStep } from './schemas';

export interface ApplyResult {
  created: string[];
  adopted: string[];
  unchanged: string[];
}

/** How apply and destroy run the plan. */
export interface RunOptions {
  /** Steps running at once; 8 unless said otherwise. */
  concurrency?: number;
  retry?: RetryOptions;
}

export const DEFAULT_CONCURRENCY = 8;

function handlerOf(driver: Driver, step: PlanStep): ResourceHandler {
  const handler = driver.handlers[step.kind];
  if (!handler) throw new ProviderError(`driver ${driver.platform} has no handler for step kind "${step.kind}" (step ${step.id})`);
  return handler;
}

function specOf(handler: ResourceHandler, step: PlanStep): Record<string, unknown> {
  const parsed = handler.spec.safeParse(step.spec);
  if (parsed.success) return parsed.data;
  throw new InputError(
    `step ${step.id} has an invalid spec`,
    parsed.error.issues.map((i) => ({ path: ['steps', step.id, 'spec', ...i.path.map(String)].join('.'), message: i.message })),
  );
}

function issuesText(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
}

function checkedOutputs(handler: ResourceHandler, step: PlanStep, outputs: unknown, source: string): StepOutputs {
  const parsed = handler.outputs.safeParse(outputs);
  if (parsed.success) return parsed.data;
  throw new ProviderError(`${source} outputs of step ${step.id} do not match the ${step.kind} schema: ${issuesText(parsed.error)}`);
}

/**
 * Outputs of `step` read back from the journal, revalidated; a journal that does not match
 * (edited by hand, or written by a driver whose outputs have since changed) is refused
 * before anything acts on it.
 */
function journaledOutputs(driver: Driver, ctx: DriverContext, step: PlanStep): StepOutputs | undefined {
  const outputs = ctx.journal.outputs(step.id);
  if (outputs === undefined) return undefined;
  const parsed = handlerOf(driver, step).outputs.safeParse(outputs);
  if (parsed.success) return parsed.data;
  throw new ProviderError(
    `the journal ${ctx.journal.path} holds outputs of step ${step.id} that do not match the ${step.kind} schema (${issuesText(parsed.error)}); ` +
      `it was edited or written by another driver version: restore it, or move it aside and run destroy, which finds the resources by their marks`,
  );
}

/**
 * Brings the infrastructure to the plan through the journal. Steps whose dependencies are
 * done run concurrently (bounded by `concurrency`). For each step: `find` adopts an
 * existing resource (an interrupted create) before `create` is ever called; a retryable
 * `ProviderError` is retried with backoff up to the deadline; any other failure stops the
 * apply — running steps finish and are journaled, nothing new starts. Re-running after any
 * crash converges without duplicates.
 */
export async function applyPlan(driver: Driver, ctx: DriverContext, plan: InfraPlan, options: RunOptions = {}): Promise<ApplyResult> {
  const result: ApplyResult = { created: [], adopted: [], unchanged: [] };
  const outputs: StepInputs = {};
  const byId = new Map(plan.steps.map((s) => [s.id, s]));
  for (const step of plan.steps) specOf(handlerOf(driver, step), step);

  await runGraph(
    plan.steps,
    (s) => s.dependsOn,
    options.concurrency ?? DEFAULT_CONCURRENCY,
    async (step) => {
      ctx.signal?.throwIfAborted();
      const handler = handlerOf(driver, step);
      const spec = specOf(handler, step);
      journaledOutputs(driver, ctx, step);
      const inputs: StepInputs = {};
      for (const dep of step.dependsOn) {
        const depStep = byId.get(dep);
        inputs[dep] = outputs[dep] ?? (depStep ? journaledOutputs(driver, ctx, depStep) : undefined) ?? {};
      }
      try {
        const found = await withRetries(() => handler.find(ctx, step, spec), options.retry, ctx.signal);
        if (found) {
          const checked = checkedOutputs(handler, step, found, 'found');
          const wasCreated = ctx.journal.state(step.id) === 'created';
          if (!wasCreated) ctx.journal.record(step.id, 'created', checked);
          outputs[step.id] = checked;
          (wasCreated ? result.unchanged : result.adopted).push(step.id);
          ctx.emit(progress('infrastructure', 'skipped', `${step.kind} ${step.name} ${wasCreated ? 'exists' : 'adopted'}`, step.id));
          return;
        }
        ctx.emit(progress('infrastructure', 'started', `creating ${step.kind} ${step.name}`, step.id));
        ctx.journal.record(step.id, 'creating');
        const created = await withRetries(
          async (attempt) => {
            // A retried create first looks again: the failed attempt may have been accepted.
            if (attempt > 0) {
              const again = await handler.find(ctx, step, spec);
              if (again) return again;
            }
            return handler.create(ctx, step, spec, inputs);
          },
          options.retry,
          ctx.signal,
        );
        const checked = checkedOutputs(handler, step, created, 'created');
        ctx.journal.record(step.id, 'created', checked);
        outputs[step.id] = checked;
        result.created.push(step.id);
        ctx.emit(progress('infrastructure', 'done', `created ${step.kind} ${step.name}`, step.id));
      } catch (error) {
        ctx.emit(progress('infrastructure', 'failed', `${step.kind} ${step.name}: ${(error as Error).message}`, step.id));
        throw withContext(error, `creating ${step.kind} ${step.name}`);
      }
    },
    (step) => driver.handlers[step.kind]?.createConcurrency,
  );
  return result;
}

export interface DestroyResult {
  deleted: string[];
  swept: string[];
}

/**
 * Deletes everything: first the plan's steps in reverse dependency order (a step goes
 * once every step that depends on it is gone), concurrently and with the same retries,
 * then whatever still carries the cluster's marks. Succeeds when there is nothing left to
 * delete, so running it twice is safe.
 */
export async function destroyAll(driver: Driver, ctx: DriverContext, plan: InfraPlan, options: RunOptions = {}): Promise<DestroyResult> {
  const result: DestroyResult = { deleted: [], swept: [] };
  const dependants = new Map<string, string[]>(plan.steps.map((s) => [s.id, []]));
  for (const s of plan.steps) for (const d of s.dependsOn) dependants.get(d)?.push(s.id);

  await runGraph(
    plan.steps,
    (s) => dependants.get(s.id) ?? [],
    options.concurrency ?? DEFAULT_CONCURRENCY,
    async (step) => {
      const handler = driver.handlers[step.kind];
      if (!handler) return;
      const spec = specOf(handler, step);
      try {
        const state = ctx.journal.state(step.id);
        // A handler that deletes from its outputs alone is not asked to find what the journal already names.
        const journaled = handler.deletesFromOutputs && (state === 'created' || state === 'deleting') ? journaledOutputs(driver, ctx, step) : undefined;
        const found = journaled ?? (await withRetries(() => handler.find(ctx, step, spec), options.retry, ctx.signal));
        if (!found && (state === 'absent' || state === 'deleted')) return;
        ctx.emit(progress('destroy', 'started', `deleting ${step.kind} ${step.name}`, step.id));
        ctx.journal.record(step.id, 'deleting');
        const known = found ?? journaledOutputs(driver, ctx, step);
        await withRetries(() => handler.delete(ctx, step, known), options.retry, ctx.signal);
        ctx.journal.record(step.id, 'deleted');
        result.deleted.push(step.id);
        ctx.emit(progress('destroy', 'done', `deleted ${step.kind} ${step.name}`, step.id));
      } catch (error) {
        ctx.emit(progress('destroy', 'failed', `${step.kind} ${step.name}: ${(error as Error).message}`, step.id));
        throw withContext(error, `deleting ${step.kind} ${step.name}`);
      }
    },
    (step) => driver.handlers[step.kind]?.deleteConcurrency,
  );
  for (const resource of await withRetries(() => driver.sweep(ctx), options.retry, ctx.signal)) {
    ctx.emit(progress('destroy', 'started', `deleting leftover ${resource.kind} ${resource.description}`));
    try {
      await withRetries(() => driver.deleteOwned(ctx, resource), options.retry, ctx.signal);
    } catch (error) {
      throw withContext(error, `deleting leftover ${resource.kind} ${resource.description}`);
    }
    result.swept.push(`${resource.kind}/${resource.id}`);
  }
  return result;
}

import { ProviderError, withContext } from '@strata/errors';
import type { Driver, DriverContext, StepInputs } from './contract';
import { progress, type InfraPlan } from './schemas';

export interface ApplyResult {
  created: string[];
  adopted: string[];
  unchanged: string[];
}

/**
 * Brings the infrastructure to the plan, step by step in plan order, through the journal.
 * For each step: if the journal says created and the resource still exists, nothing is
 * done; otherwise the handler's `find` adopts an existing resource (an interrupted
 * create) before `create` is ever called. Re-running after any crash converges without
 * duplicates.
 */
export async function applyPlan(driver: Driver, ctx: DriverContext, plan: InfraPlan): Promise<ApplyResult> {
  const result: ApplyResult = { created: [], adopted: [], unchanged: [] };
  const outputs: StepInputs = {};
  for (const step of plan.steps) {
    ctx.signal?.throwIfAborted();
    const handler = driver.handlers[step.kind];
    if (!handler) throw new ProviderError(`driver ${driver.platform} has no handler for step kind "${step.kind}" (step ${step.id})`);
    const inputs: StepInputs = {};
    for (const dep of step.dependsOn) inputs[dep] = outputs[dep] ?? ctx.journal.outputs(dep) ?? {};
    try {
      const found = await handler.find(ctx, step);
      if (found) {
        const wasCreated = ctx.journal.state(step.id) === 'created';
        if (!wasCreated) ctx.journal.record(step.id, 'created', found);
        outputs[step.id] = found;
        (wasCreated ? result.unchanged : result.adopted).push(step.id);
        ctx.emit(progress('infrastructure', 'skipped', `${step.kind} ${step.name} ${wasCreated ? 'exists' : 'adopted'}`, step.id));
        continue;
      }
      ctx.emit(progress('infrastructure', 'started', `creating ${step.kind} ${step.name}`, step.id));
      ctx.journal.record(step.id, 'creating');
      const created = await handler.create(ctx, step, inputs);
      ctx.journal.record(step.id, 'created', created);
      outputs[step.id] = created;
      result.created.push(step.id);
      ctx.emit(progress('infrastructure', 'done', `created ${step.kind} ${step.name}`, step.id));
    } catch (error) {
      ctx.emit(progress('infrastructure', 'failed', `${step.kind} ${step.name}: ${(error as Error).message}`, step.id));
      throw withContext(error, `creating ${step.kind} ${step.name}`);
    }
  }
  return result;
}

export interface DestroyResult {
  deleted: string[];
  swept: string[];
}

/**
 * Deletes everything: first the plan's steps in reverse order (so machines go before the
 * networks they sit in), then whatever still carries the cluster's tags. Succeeds when
 * there is nothing left to delete, so running it twice is safe.
 */
export async function destroyAll(driver: Driver, ctx: DriverContext, plan: InfraPlan): Promise<DestroyResult> {
  const result: DestroyResult = { deleted: [], swept: [] };
  for (const step of [...plan.steps].reverse()) {
    const handler = driver.handlers[step.kind];
    if (!handler) continue;
    const state = ctx.journal.state(step.id);
    const found = await handler.find(ctx, step);
    if (!found && (state === 'absent' || state === 'deleted')) continue;
    ctx.emit(progress('destroy', 'started', `deleting ${step.kind} ${step.name}`, step.id));
    ctx.journal.record(step.id, 'deleting');
    try {
      await handler.delete(ctx, step, found ?? ctx.journal.outputs(step.id));
    } catch (error) {
      throw withContext(error, `deleting ${step.kind} ${step.name}`);
    }
    ctx.journal.record(step.id, 'deleted');
    result.deleted.push(step.id);
    ctx.emit(progress('destroy', 'done', `deleted ${step.kind} ${step.name}`, step.id));
  }
  for (const resource of await driver.sweep(ctx)) {
    ctx.emit(progress('destroy', 'started', `deleting leftover ${resource.kind} ${resource.description}`));
    await driver.deleteOwned(ctx, resource);
    result.swept.push(`${resource.kind}/${resource.id}`);
  }
  return result;
}

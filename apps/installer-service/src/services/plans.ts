import { randomUUID } from 'node:crypto';
import { platformOf } from '@strata/cluster-config';
import { InputError } from '@strata/errors';
import type { Plan } from '@strata/install-contract';
import { driverContext, driverFor } from '@strata/install-engine';
import type { ServiceContext } from './context';
import { openCredential } from './credentials';
import { documentHash, requireCluster, type DocumentFormat } from './documents';

/** The id a plan is made with before an install gives the cluster its own (as `strata plan` does). */
const UNASSIGNED_ID = '00000000-0000-4000-8000-000000000000';
/** Planning is pure: its context names a directory that holds no journal. */
const NO_DIRECTORY = '/nonexistent/strata-plan';

/**
 * Every step of the driver's plan with its dependencies and the monthly estimate from the
 * driver's dated price table, stored so an install can be bound to it by its document hash.
 */
export async function createPlan(ctx: ServiceContext, body: { document: string; format?: DocumentFormat; credentialId?: string }, user: string): Promise<Plan> {
  const cluster = requireCluster(body.document, body.format);
  if (body.credentialId) {
    const { summary } = await openCredential(ctx, body.credentialId);
    if (summary.platform !== platformOf(cluster).name) {
      throw new InputError(`credential ${summary.id} is for ${summary.platform}, not ${platformOf(cluster).name}`, [
        { path: 'credentialId', message: `names a ${summary.platform} credential; choose one for ${platformOf(cluster).name}` },
      ]);
    }
  }
  const driver = await driverFor(cluster);
  const infra = driver.plan(driverContext(cluster, UNASSIGNED_ID, NO_DIRECTORY, () => undefined));
  const catalog = driver.catalog;
  const costs = new Map((catalog?.estimate(cluster, infra) ?? []).map((c) => [c.stepId, c]));
  const resources = infra.steps.map((s) => {
    const cost = costs.get(s.id);
    return {
      id: s.id,
      kind: s.kind,
      description: `${s.kind} ${s.name}`,
      dependsOn: [...s.dependsOn],
      monthlyCost: cost?.monthlyCost ?? null,
      ...(cost?.unpricedReason
        ? { unpricedReason: cost.unpricedReason }
        : catalog?.prices
          ? {}
          : { unpricedReason: `the ${driver.platform} driver has no price table` }),
    };
  });
  const plan: Plan = {
    id: `plan_${randomUUID()}`,
    documentHash: documentHash(cluster),
    platform: driver.platform,
    cluster: cluster.metadata.name,
    resources,
    cost: catalog?.prices
      ? {
          currency: catalog.prices.currency,
          asOf: catalog.prices.asOf,
          monthlyTotal: Math.round(resources.reduce((sum, r) => sum + (r.monthlyCost ?? 0), 0) * 100) / 100,
          unpriced: resources.filter((r) => r.monthlyCost === null).map((r) => r.id),
        }
      : null,
    createdAt: new Date().toISOString(),
  };
  await ctx.store.plans.insert(plan, user);
  return plan;
}

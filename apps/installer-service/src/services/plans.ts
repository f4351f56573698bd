import { randomUUID } from 'node:crypto';
import { platformOf } from '@strata/cluster-config';
import { costTotal } from '@strata/driver-api';
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
  const estimate = catalog?.estimate(cluster, infra) ?? [];
  const costs = new Map(estimate.map((c) => [c.stepId, c]));
  const resources = infra.steps.map((s) => {
    const cost = costs.get(s.id);
    const monthlyCost = cost?.monthlyCost ?? null;
    const unpricedReason = cost?.unpricedReason ?? (catalog ? 'the price table has no price for it' : `the ${driver.platform} driver has no price table`);
    return {
      id: s.id,
      kind: s.kind,
      description: `${s.kind} ${s.name}`,
      dependsOn: [...s.dependsOn],
      monthlyCost,
      ...(monthlyCost === null ? { unpricedReason } : {}),
    };
  });
  const plan: Plan = {
    id: `plan_${randomUUID()}`,
    documentHash: documentHash(cluster),
    platform: driver.platform,
    cluster: cluster.metadata.name,
    resources,
    // Steps the estimate left out count as unpriced, so the total never looks complete when it is not.
    cost: catalog?.prices
      ? { currency: catalog.prices.currency, asOf: catalog.prices.asOf, ...costTotal(resources.map((r) => ({ stepId: r.id, monthlyCost: r.monthlyCost }))) }
      : null,
    createdAt: new Date().toISOString(),
  };
  await ctx.store.plans.insert(plan, user);
  return plan;
}

import { NotFoundError } from '@strata/errors';
import { PlanRequestSchema, PlanSchema } from '@strata/install-contract';
import type { ServiceContext } from '../../services/context';
import { createPlan } from '../../services/plans';
import { defineRoute, type AnyRouteSpec } from '../route';
import { IdParams } from './params';

/** Plans: every resource an install would create, with dependencies and prices. */
export function planRoutes(ctx: ServiceContext): AnyRouteSpec[] {
  return [
    defineRoute({
      method: 'POST',
      url: '/v1/plans',
      action: 'plan.create',
      summary: 'Every resource an install would create, with dependencies and monthly prices',
      responses: { 201: { description: 'The plan.', schema: PlanSchema } },
      role: 'operator',
      body: PlanRequestSchema,
      target: () => 'plan',
      handler: async ({ body, actor, reply, request }) => {
        const plan = await createPlan(ctx, body, actor.user);
        if (request.audit) request.audit.target = plan.id;
        void reply.code(201);
        return plan;
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/v1/plans/:id',
      action: 'plan.read',
      summary: 'A plan made earlier',
      responses: { 200: { description: 'The plan.', schema: PlanSchema }, 404: { description: 'No such plan.' } },
      role: 'viewer',
      params: IdParams,
      handler: async ({ params }) => {
        const plan = await ctx.store.plans.get(params.id);
        if (!plan) throw new NotFoundError(`no plan ${params.id}`);
        return plan;
      },
    }),
  ];
}

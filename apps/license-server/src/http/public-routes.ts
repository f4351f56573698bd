import { z } from 'zod';
import { activateCluster } from '../services/activate-cluster';
import type { ServiceContext } from '../services/context';
import { reportUsage } from '../services/report-usage';
import { validateLicense } from '../services/validate-license';
import { defineRoute, type AnyRouteSpec } from './route';
import { ActivationBody, ActivationResponse, EvaluationResponse, UsageReportBody, UsageReportResponse, ValidateBody } from './schemas';

/** The endpoints products call: validation, activation and usage reports. All are rate-limited. */
export function publicRoutes(ctx: ServiceContext): AnyRouteSpec[] {
  return [
    defineRoute({
      method: 'POST',
      url: '/v1/validate',
      operationId: 'validateLicense',
      summary: 'Evaluate a license (or none) for the nodes of the clusters it covers',
      tag: 'public',
      access: 'public',
      rateLimited: true,
      body: ValidateBody,
      responses: {
        200: {
          description:
            'The status (VALID, FREE_TIER, OVER_LIMIT_GRACE, OVER_LIMIT, EXPIRED_GRACE, EXPIRED, INVALID, REVOKED), allowed nodes, grace deadline and a message. Nodes are the latest reports of every cluster activated under the license, with the asking cluster counted as `nodes` when given.',
          schema: EvaluationResponse,
        },
      },
      handler: async ({ body }) => validateLicense(ctx, body),
    }),
    defineRoute({
      method: 'POST',
      url: '/v1/activations',
      operationId: 'activateCluster',
      summary: 'Bind a cluster to a license issued by this server',
      tag: 'public',
      access: 'public',
      rateLimited: true,
      body: ActivationBody,
      responses: {
        201: { description: 'The cluster is activated under the license.', schema: z.object({ activation: ActivationResponse, evaluation: EvaluationResponse }) },
        403: { description: 'The license does not verify or was revoked.' },
        404: { description: 'The license was not issued by this server.' },
      },
      handler: async ({ body, reply }) => {
        reply.code(201);
        return activateCluster(ctx, body);
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/v1/usage-reports',
      operationId: 'reportUsage',
      summary: "Record a cluster's node count; idempotent by reportId",
      tag: 'public',
      access: 'public',
      rateLimited: true,
      body: UsageReportBody,
      responses: {
        201: { description: 'Recorded.', schema: z.object({ duplicate: z.literal(false), report: UsageReportResponse }) },
        200: { description: 'Already recorded under this reportId; counted once.', schema: z.object({ duplicate: z.literal(true), report: UsageReportResponse }) },
        409: { description: 'The reportId was already used for a different report.' },
      },
      handler: async ({ body, reply }) => {
        const result = await reportUsage(ctx, { ...body, observedAt: new Date(body.observedAt) });
        reply.code(result.duplicate ? 200 : 201);
        return result;
      },
    }),
  ];
}

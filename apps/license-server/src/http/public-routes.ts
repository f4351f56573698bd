import { z } from 'zod';
import { activateCluster } from '../services/activate-cluster';
import type { ServiceContext } from '../services/context';
import { reportUsage } from '../services/report-usage';
import { validateLicense } from '../services/validate-license';
import { bearerToken, defineRoute, type AnyRouteSpec } from './route';
import { ActivationBody, ActivationResponse, ActivationSecret, EvaluationResponse, UsageReportBody, UsageReportResponse, ValidateBody } from './schemas';

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
            'The status (VALID, FREE_TIER, OVER_LIMIT_GRACE, OVER_LIMIT, EXPIRED_GRACE, EXPIRED, INVALID, REVOKED), allowed nodes, grace deadline and a message. Nodes are the latest reports of every cluster activated under the license, with the asking cluster counted as `nodes` when given. Read-only: `nodes` shapes this answer but never starts or ends a grace period; only authenticated usage reports do.',
          schema: EvaluationResponse,
        },
      },
      handler: async ({ body }) => validateLicense(ctx, body),
    }),
    defineRoute({
      method: 'POST',
      url: '/v1/activations',
      operationId: 'activateCluster',
      summary: 'Bind a cluster to a license issued by this server (moving it from another license needs its current activation secret as Bearer)',
      tag: 'public',
      access: 'public',
      rateLimited: true,
      body: ActivationBody,
      responses: {
        201: {
          description: 'The cluster is activated under the license. `activationSecret` is shown only here; activating again replaces it.',
          schema: z.object({ activation: ActivationResponse, activationSecret: ActivationSecret, evaluation: EvaluationResponse }),
        },
        403: { description: 'The license does not verify or was revoked.' },
        404: { description: 'The license was not issued by this server.' },
        409: { description: 'The cluster is activated under another license and the request did not carry its current activation secret.' },
      },
      handler: async ({ body, request, reply }) => {
        const result = await activateCluster(ctx, body, bearerToken(request.headers.authorization));
        reply.code(201);
        return result;
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/v1/usage-reports',
      operationId: 'reportUsage',
      summary: "Record a cluster's node count (Authorization: Bearer <activation secret>); idempotent by reportId",
      tag: 'public',
      access: 'activation',
      rateLimited: true,
      body: UsageReportBody,
      responses: {
        201: { description: 'Recorded.', schema: z.object({ duplicate: z.literal(false), report: UsageReportResponse }) },
        200: {
          description: 'Already recorded under this reportId; counted once.',
          schema: z.object({ duplicate: z.literal(true), report: UsageReportResponse }),
        },
        400: { description: 'Not valid; also when observedAt is more than 5 minutes ahead of the server or more than 7 days old.' },
        401: { description: 'No activation secret, or not the current one of this cluster.' },
        409: { description: 'The reportId was already used for a different report.' },
      },
      handler: async ({ body, request, reply }) => {
        const result = await reportUsage(ctx, { ...body, observedAt: new Date(body.observedAt) }, bearerToken(request.headers.authorization));
        reply.code(result.duplicate ? 200 : 201);
        return result;
      },
    }),
  ];
}

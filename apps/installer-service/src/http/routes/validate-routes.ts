import { ValidateRequestSchema, ValidationSchema } from '@strata/install-contract';
import type { ServiceContext } from '../../services/context';
import { validateDocument } from '../../services/validate';
import { defineRoute, type AnyRouteSpec } from '../route';

/** `POST /v1/validate`: the same problems as `strata validate`; read-only, so not audited. */
export function validateRoutes(ctx: ServiceContext): AnyRouteSpec[] {
  return [
    defineRoute({
      method: 'POST',
      url: '/v1/validate',
      action: 'document.validate',
      summary: 'Every problem of a Cluster document, the node count and the license verdict',
      responses: { 200: { description: 'The validation; an invalid document is valid: false.', schema: ValidationSchema } },
      role: 'viewer',
      body: ValidateRequestSchema,
      handler: async ({ body, request }) => {
        request.audit = null;
        return validateDocument(ctx, body);
      },
    }),
  ];
}

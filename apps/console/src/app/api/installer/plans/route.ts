import { PlanRequestSchema, PlanSchema } from '@strata/install-contract';
import { apiRoute } from '../../../../server/api';
import { recordAudit } from '../../../../server/audit';
import { parseBody } from '../../../../server/body';
import { DOCUMENT_BODY_LIMIT, installerFor } from '../../../../server/installer/installer-routes';

export const dynamic = 'force-dynamic';

/** `POST /api/installer/plans {document, credentialId?}`: every resource the install would create, with dependencies and monthly cost. */
export const POST = apiRoute('operate', async ({ req, runtime, session }) => {
  const body = await parseBody(req, PlanRequestSchema, DOCUMENT_BODY_LIMIT);
  const { body: plan } = await installerFor(session).json('POST', '/v1/plans', PlanSchema, { json: body });
  await recordAudit(
    runtime.store,
    session,
    'installer.plan.create',
    `plan/${plan.id}`,
    `cluster ${plan.cluster} on ${plan.platform}, ${plan.resources.length} resources`,
  );
  return Response.json(plan, { status: 201, headers: { 'cache-control': 'no-store' } });
});

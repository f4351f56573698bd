import { PlanSchema } from '@strata/install-contract';
import { apiRoute } from '../../../../../server/api';
import { installerFor } from '../../../../../server/installer/installer-routes';
import { servicePath } from '../../../../../server/installer/installer-client';

export const dynamic = 'force-dynamic';

/** `GET /api/installer/plans/:id`: a plan made earlier. */
export const GET = apiRoute<{ id: string }>('view', async ({ params, session }) => {
  const { body } = await installerFor(session).json('GET', servicePath`/v1/plans/${params.id}`, PlanSchema);
  return body;
});

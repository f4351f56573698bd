import { CredentialSummarySchema } from '@strata/install-contract';
import { apiRoute } from '../../../../../../server/api';
import { recordAudit } from '../../../../../../server/audit';
import { installerFor } from '../../../../../../server/installer/installer-routes';
import { servicePath } from '../../../../../../server/installer/installer-client';

export const dynamic = 'force-dynamic';

/** `POST /api/installer/credentials/:id/verify`: asks the provider again who the stored credential is. */
export const POST = apiRoute<{ id: string }>('operate', async ({ params, runtime, session }) => {
  const { body } = await installerFor(session).json('POST', servicePath`/v1/credentials/${params.id}/verify`, CredentialSummarySchema);
  await recordAudit(runtime.store, session, 'installer.credential.verify', `credential/${params.id}`, body.identity.display);
  return body;
});

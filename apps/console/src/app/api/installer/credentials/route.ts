import { z } from 'zod';
import { CreateCredentialSchema, CredentialSummarySchema } from '@strata/install-contract';
import { apiRoute } from '../../../../server/api';
import { recordAudit } from '../../../../server/audit';
import { parseBody } from '../../../../server/body';
import { installerFor } from '../../../../server/installer/installer-routes';

export const dynamic = 'force-dynamic';

/** `GET /api/installer/credentials`: the stored provider credentials (names, identities, fingerprints; never values). */
export const GET = apiRoute('view', async ({ session }) => {
  const { body } = await installerFor(session).json('GET', '/v1/credentials', z.object({ items: z.array(CredentialSummarySchema) }));
  return body;
});

/**
 * `POST /api/installer/credentials {platform, kind, name, values}`: hands the values to the
 * installer service once, which verifies them with the provider and stores them encrypted. The
 * console keeps nothing of them and answers the summary only (the identity the provider reported).
 */
export const POST = apiRoute('operate', async ({ req, runtime, session }) => {
  const body = await parseBody(req, CreateCredentialSchema);
  const { body: summary } = await installerFor(session).json('POST', '/v1/credentials', CredentialSummarySchema, { json: body });
  await recordAudit(
    runtime.store,
    session,
    'installer.credential.create',
    `credential/${summary.id}`,
    `${summary.platform} ${summary.kind} "${summary.name}", fingerprint ${summary.fingerprint}`,
  );
  return Response.json(summary, { status: 201, headers: { 'cache-control': 'no-store' } });
});

import { ValidateRequestSchema, ValidationSchema } from '@strata/install-contract';
import { apiRoute } from '../../../../server/api';
import { parseBody } from '../../../../server/body';
import { DOCUMENT_BODY_LIMIT, installerFor } from '../../../../server/installer/installer-routes';

export const dynamic = 'force-dynamic';

/**
 * `POST /api/installer/validate {document, online?, credentialId?}`: the problems of a Cluster
 * document as `strata validate` reports them, plus the license verdict; `online: true` adds the
 * driver's preflight with the stored credential. An invalid document is a 200 with `valid: false`.
 */
export const POST = apiRoute('view', async ({ req, session }) => {
  const body = await parseBody(req, ValidateRequestSchema, DOCUMENT_BODY_LIMIT);
  const { body: validation } = await installerFor(session).json('POST', '/v1/validate', ValidationSchema, { json: body });
  return validation;
});

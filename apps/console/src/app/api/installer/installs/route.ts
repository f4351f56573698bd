import { z } from 'zod';
import { InputError } from '@strata/errors';
import { CreateInstallSchema, IDEMPOTENCY_HEADER, InstallSnapshotSchema, InstallSummarySchema } from '@strata/install-contract';
import { apiRoute } from '../../../../server/api';
import { recordAudit } from '../../../../server/audit';
import { parseBody } from '../../../../server/body';
import { DOCUMENT_BODY_LIMIT, installerFor } from '../../../../server/installer/installer-routes';

export const dynamic = 'force-dynamic';

/** What an Idempotency-Key may be: the browser makes one random id per submit. */
const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{8,128}$/;

/** `GET /api/installer/installs`: every install the service knows, newest first as it lists them. */
export const GET = apiRoute('view', async ({ session }) => {
  const { body } = await installerFor(session).json('GET', '/v1/installs', z.object({ items: z.array(InstallSummarySchema) }));
  return body;
});

/**
 * `POST /api/installer/installs {document, credentialId?, planId?, license?}` with an
 * `Idempotency-Key` header the browser makes once per submit: a repeated submit (a retry after
 * a dropped answer, a double click) answers the same install instead of starting another.
 */
export const POST = apiRoute('operate', async ({ req, runtime, session }) => {
  const key = req.headers.get(IDEMPOTENCY_HEADER) ?? '';
  if (!IDEMPOTENCY_KEY.test(key))
    throw new InputError('the request needs an Idempotency-Key header', [
      { path: IDEMPOTENCY_HEADER, message: 'must be 8 to 128 letters, digits, - or _, made once per submit (a random UUID, say)' },
    ]);
  const body = await parseBody(req, CreateInstallSchema, DOCUMENT_BODY_LIMIT);
  const { status, body: snapshot } = await installerFor(session).json('POST', '/v1/installs', InstallSnapshotSchema, {
    json: body,
    headers: { [IDEMPOTENCY_HEADER]: key },
  });
  if (status === 201)
    await recordAudit(
      runtime.store,
      session,
      'installer.install.create',
      `install/${snapshot.id}`,
      `cluster ${snapshot.cluster} on ${snapshot.platform}${body.planId ? `, plan ${body.planId}` : ''}${body.license ? ', with a license' : ''}`,
    );
  return Response.json(snapshot, { status, headers: { 'cache-control': 'no-store' } });
});

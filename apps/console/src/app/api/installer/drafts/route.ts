import { createDraft, listDrafts } from '@strata/console-server';
import { apiRoute } from '../../../../server/api';
import { recordAudit } from '../../../../server/audit';
import { parseBody } from '../../../../server/body';
import { DraftBody } from '../../../../server/installer/draft-body';
import { DOCUMENT_BODY_LIMIT } from '../../../../server/installer/installer-routes';

export const dynamic = 'force-dynamic';

/** `GET /api/installer/drafts`: the signed-in user's wizard drafts, most recently changed first. */
export const GET = apiRoute('view', async ({ runtime, session }) => ({ items: await listDrafts(runtime.store, session.user.id) }));

/** `POST /api/installer/drafts {name, step, document, credentialId?}`: saves a new draft of the signed-in user. */
export const POST = apiRoute('operate', async ({ req, runtime, session }) => {
  const body = await parseBody(req, DraftBody, DOCUMENT_BODY_LIMIT);
  const draft = await createDraft(runtime.store, session.user.id, body);
  await recordAudit(runtime.store, session, 'installer.draft.create', `draft/${draft.id}`, `name ${draft.name}`);
  return Response.json(draft, { status: 201, headers: { 'cache-control': 'no-store' } });
});

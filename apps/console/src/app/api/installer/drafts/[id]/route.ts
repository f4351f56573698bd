import { deleteDraft, getDraft, updateDraft } from '@strata/console-server';
import { apiRoute } from '../../../../../server/api';
import { recordAudit } from '../../../../../server/audit';
import { parseBody } from '../../../../../server/body';
import { DraftChange } from '../../../../../server/installer/draft-body';
import { DOCUMENT_BODY_LIMIT } from '../../../../../server/installer/installer-routes';

export const dynamic = 'force-dynamic';

/** `GET /api/installer/drafts/:id`: one of the signed-in user's drafts, document included. */
export const GET = apiRoute<{ id: string }>('view', async ({ params, runtime, session }) => getDraft(runtime.store, session.user.id, params.id));

/** `PUT /api/installer/drafts/:id {name?, step?, document?, credentialId?}`: saves the wizard's progress (the page does it as the user edits). */
export const PUT = apiRoute<{ id: string }>('operate', async ({ req, params, runtime, session }) => {
  const body = await parseBody(req, DraftChange, DOCUMENT_BODY_LIMIT);
  return updateDraft(runtime.store, session.user.id, params.id, body);
});

/** `DELETE /api/installer/drafts/:id`: forgets a draft. */
export const DELETE = apiRoute<{ id: string }>('operate', async ({ params, runtime, session }) => {
  await deleteDraft(runtime.store, session.user.id, params.id);
  await recordAudit(runtime.store, session, 'installer.draft.delete', `draft/${params.id}`);
  return new Response(null, { status: 204, headers: { 'cache-control': 'no-store' } });
});

import { userConnection } from '@strata/console-server';
import { InputError } from '@strata/errors';
import { listPage, resourceByKey } from '@strata/k8s';
import type { RowPage } from '../../../../../../lib/rows';
import { apiRoute } from '../../../../../../server/api';
import { projectRow } from '../../../../../../server/rows/project';

export const dynamic = 'force-dynamic';

const MAX_LIMIT = 1000;

/**
 * One page of a collection as table rows: `?limit=&continue=&namespace=&labelSelector=&fieldSelector=`.
 * The `continue` of the answer fetches the next page.
 */
export const GET = apiRoute<{ id: string; resource: string }>('view', async ({ req, params, runtime, session }) => {
  const resource = resourceByKey(params.resource);
  const q = req.nextUrl.searchParams;
  const limit = Number(q.get('limit') ?? 500);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    throw new InputError(`limit must be a whole number from 1 to ${MAX_LIMIT}`, [{ path: 'limit', message: `1..${MAX_LIMIT}` }]);
  }
  const conn = await userConnection(runtime.store, params.id, session.user);
  const page = await listPage(conn, resource, {
    limit,
    ...(q.get('namespace') ? { namespace: q.get('namespace') as string } : {}),
    ...(q.get('continue') ? { continueToken: q.get('continue') as string } : {}),
    ...(q.get('labelSelector') ? { labelSelector: q.get('labelSelector') as string } : {}),
    ...(q.get('fieldSelector') ? { fieldSelector: q.get('fieldSelector') as string } : {}),
  });
  const answer: RowPage = {
    items: page.items.map((object) => projectRow(resource.key, object)),
    ...(page.continueToken ? { continue: page.continueToken } : {}),
    resourceVersion: page.resourceVersion,
  };
  return answer;
});

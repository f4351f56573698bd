import { userConnection } from '@strata/console-server';
import { InputError } from '@strata/errors';
import { resourceByKey, rolloutRestart } from '@strata/k8s';
import { apiRoute } from '../../../../../server/api';
import { auditTarget, recordAudit } from '../../../../../server/audit';
import { parseBody } from '../../../../../server/body';
import { checkScope, ObjectRef } from '../../../../../server/object-params';

export const dynamic = 'force-dynamic';

/** `POST {resource, namespace, name}`: a rolling restart, as `kubectl rollout restart`. */
export const POST = apiRoute<{ id: string }>('operate', async ({ req, params, runtime, session }) => {
  const ref = checkScope(await parseBody(req, ObjectRef));
  if (!ref.namespace) throw new InputError('only namespaced workloads can be restarted', [{ path: 'namespace', message: 'required' }]);
  const conn = await userConnection(runtime.store, params.id, session.user);
  await rolloutRestart(conn, resourceByKey(ref.resource), ref.namespace, ref.name);
  await recordAudit(runtime.store, session, 'workload.restart', auditTarget(params.id, ref));
  return { ok: true };
});

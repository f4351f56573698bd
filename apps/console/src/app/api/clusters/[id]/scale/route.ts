import { userConnection } from '@strata/console-server';
import { z } from 'zod';
import { InputError } from '@strata/errors';
import { resourceByKey, scale } from '@strata/k8s';
import { apiRoute } from '../../../../../server/api';
import { auditTarget, recordAudit } from '../../../../../server/audit';
import { parseBody } from '../../../../../server/body';
import { checkScope, ObjectRef } from '../../../../../server/object-params';

export const dynamic = 'force-dynamic';

const ScaleBody = ObjectRef.extend({ replicas: z.number().int().min(0).max(10_000) });

/** `POST {resource, namespace, name, replicas}`: sets a workload's desired replicas. */
export const POST = apiRoute<{ id: string }>('operate', async ({ req, params, runtime, session }) => {
  const body = await parseBody(req, ScaleBody);
  const ref = checkScope(body);
  if (!ref.namespace) throw new InputError('only namespaced workloads can be scaled', [{ path: 'namespace', message: 'required' }]);
  const conn = await userConnection(runtime.store, params.id, session.user);
  const result = await scale(conn, resourceByKey(ref.resource), ref.namespace, ref.name, body.replicas);
  await recordAudit(runtime.store, session, 'workload.scale', auditTarget(params.id, ref), `replicas ${body.replicas}`);
  return result;
});

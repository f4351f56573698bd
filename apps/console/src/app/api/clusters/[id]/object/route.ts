import { userConnection } from '@strata/console-server';
import { z } from 'zod';
import { deleteObject, getObjectYaml, replaceObjectYaml, resourceByKey } from '@strata/k8s';
import { apiRoute } from '../../../../../server/api';
import { auditTarget, recordAudit } from '../../../../../server/audit';
import { parseBody } from '../../../../../server/body';
import { checkScope, ObjectRef, objectRefFromQuery } from '../../../../../server/object-params';

export const dynamic = 'force-dynamic';

/** `GET ?resource=&namespace=&name=`: the object as YAML (what the YAML page shows and edits). */
export const GET = apiRoute<{ id: string }>('view', async ({ req, params, runtime, session }) => {
  const ref = objectRefFromQuery(req.nextUrl.searchParams);
  const conn = await userConnection(runtime.store, params.id, session.user);
  return { yaml: await getObjectYaml(conn, resourceByKey(ref.resource), ref.namespace, ref.name) };
});

const ReplaceBody = ObjectRef.extend({ yaml: z.string().min(1, 'the YAML is empty').max(2_000_000) });

/**
 * `PUT {resource, namespace, name, yaml}`: replaces the object with the edited YAML. The
 * YAML keeps the resourceVersion it was loaded with, so a change made by someone else in
 * between answers 409 ("changed since you loaded it") instead of being overwritten.
 */
export const PUT = apiRoute<{ id: string }>('operate', async ({ req, params, runtime, session }) => {
  const body = await parseBody(req, ReplaceBody, 4 * 1024 * 1024);
  const ref = checkScope(body);
  const conn = await userConnection(runtime.store, params.id, session.user);
  await replaceObjectYaml(conn, resourceByKey(ref.resource), ref.namespace, ref.name, body.yaml);
  await recordAudit(runtime.store, session, 'object.replace', auditTarget(params.id, ref));
  return { yaml: await getObjectYaml(conn, resourceByKey(ref.resource), ref.namespace, ref.name) };
});

/** `DELETE ?resource=&namespace=&name=`: deletes the object (dependents go in the background). */
export const DELETE = apiRoute<{ id: string }>('operate', async ({ req, params, runtime, session }) => {
  const ref = objectRefFromQuery(req.nextUrl.searchParams);
  const conn = await userConnection(runtime.store, params.id, session.user);
  await deleteObject(conn, resourceByKey(ref.resource), ref.namespace, ref.name);
  await recordAudit(runtime.store, session, 'object.delete', auditTarget(params.id, ref));
  return { ok: true };
});

import { z } from 'zod';
import { InputError } from '@strata/errors';
import { deleteUser, destroyUserSessions, RoleSchema, setUserPassword, setUserRole } from '@strata/console-server';
import { apiRoute } from '../../../../server/api';
import { recordAudit } from '../../../../server/audit';
import { parseBody } from '../../../../server/body';
import { userView } from '../../../../server/user-view';

export const dynamic = 'force-dynamic';

const ChangeBody = z.object({ role: RoleSchema.optional(), password: z.string().min(1).max(1024).optional() });

/** Changes a user's role and/or password (admins only); their sessions end so the change applies at once. */
export const PATCH = apiRoute<{ userId: string }>('administer', async ({ req, params, runtime, session }) => {
  const body = await parseBody(req, ChangeBody);
  if (params.userId === session.user.id && body.role && body.role !== 'admin') {
    throw new InputError('you cannot take the admin role from yourself', [{ path: 'role', message: 'ask another admin' }]);
  }
  let user;
  if (body.role) user = await setUserRole(runtime.store, params.userId, body.role);
  if (body.password) await setUserPassword(runtime.store, params.userId, body.password);
  await destroyUserSessions(runtime.store, params.userId);
  await recordAudit(
    runtime.store,
    session,
    'user.change',
    params.userId,
    [body.role ? `role ${body.role}` : '', body.password ? 'password set' : ''].filter(Boolean).join(', '),
  );
  return user ? userView(user) : { ok: true };
});

/** Deletes a user (admins only); not yourself. */
export const DELETE = apiRoute<{ userId: string }>('administer', async ({ params, runtime, session }) => {
  if (params.userId === session.user.id) throw new InputError('you cannot delete yourself', [{ path: 'userId', message: 'ask another admin' }]);
  await deleteUser(runtime.store, params.userId);
  await recordAudit(runtime.store, session, 'user.delete', params.userId);
  return { ok: true };
});

import { z } from 'zod';
import { createUser, listUsers, RoleSchema } from '@strata/console-server';
import { apiRoute } from '../../../server/api';
import { recordAudit } from '../../../server/audit';
import { parseBody } from '../../../server/body';
import { userView } from '../../../server/user-view';

export const dynamic = 'force-dynamic';

/** The console's users (admins only). */
export const GET = apiRoute('administer', async ({ runtime }) => ({ users: (await listUsers(runtime.store)).map(userView) }));

const NewUserBody = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(1024),
  role: RoleSchema,
});

/** Creates a local user with a password and a role (admins only). */
export const POST = apiRoute('administer', async ({ req, runtime, session }) => {
  const body = await parseBody(req, NewUserBody);
  const user = await createUser(runtime.store, body);
  await recordAudit(runtime.store, session, 'user.create', user.username, `role ${user.role}`);
  return userView(user);
});

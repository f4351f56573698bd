import type { listUsers } from '@strata/console-server';
import type { UserView } from '../lib/users';

type User = Awaited<ReturnType<typeof listUsers>>[number];

/** What the users page shows of a user (never a password hash). */
export function userView(user: User): UserView {
  return {
    id: user.id,
    username: user.username,
    role: user.role,
    source: user.source,
    createdAt: new Date(user.createdAt).toISOString(),
    ...(user.lastLoginAt ? { lastLoginAt: new Date(user.lastLoginAt).toISOString() } : {}),
  };
}

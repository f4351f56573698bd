import { NotAllowedError } from '@strata/errors';
import type { Role } from '../users/roles';

/**
 * What a request may do, coarse on purpose so the matrix stays reviewable:
 * - `view`: read clusters, nodes, workloads, namespaces, events, YAML, license and usage;
 * - `operate`: change workloads and nodes — scale, restart, cordon, uncordon, drain, edit YAML, delete;
 * - `administer`: users and roles, cluster registration and removal, the license, the audit log.
 */
export const ACTIONS = ['view', 'operate', 'administer'] as const;

/** One of {@link ACTIONS}. */
export type Action = (typeof ACTIONS)[number];

/** The role matrix: the actions each role may take. */
export const ROLE_ACTIONS: Readonly<Record<Role, readonly Action[]>> = {
  admin: ['view', 'operate', 'administer'],
  operator: ['view', 'operate'],
  viewer: ['view'],
};

/** Whether `role` may take `action`. Unknown roles and actions may do nothing. */
export function can(role: Role, action: Action): boolean {
  return Object.hasOwn(ROLE_ACTIONS, role) && ROLE_ACTIONS[role].includes(action);
}

/**
 * Returns the session when its user may take `action`.
 * @throws NotAllowedError without a session, or when the user's role does not allow it.
 */
export function requireRole<S extends { user: { username: string; role: Role } }>(session: S | undefined | null, action: Action): S {
  if (!session) throw new NotAllowedError('sign in to the console first');
  if (!can(session.user.role, action)) {
    throw new NotAllowedError(`${session.user.username} (role ${session.user.role}) may not ${action}; ask an admin for a role that allows it`);
  }
  return session;
}

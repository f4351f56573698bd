import type { Impersonation } from '@strata/k8s';
import type { User } from '../users/users';
import type { Role } from '../users/roles';

/** Prefix of every Kubernetes user and group name the console impersonates. */
export const KUBERNETES_NAME_PREFIX = 'strata:';

/**
 * The Kubernetes group of each console role. The console binds these groups in every
 * cluster it manages (see `consoleAccessObjects`), so a role's rights in a cluster are
 * whatever those bindings grant, enforced by the API server itself.
 */
export const ROLE_GROUPS: Readonly<Record<Role, string>> = {
  viewer: 'strata:viewers',
  operator: 'strata:operators',
  admin: 'strata:admins',
};

/**
 * Who requests made for `user` are in Kubernetes: user `strata:<username>` (console
 * usernames are unique, and a name reads better in the cluster's audit log than an id) in
 * the group of the user's current role.
 */
export function kubernetesIdentity(user: Pick<User, 'username' | 'role'>): Impersonation {
  const group = Object.hasOwn(ROLE_GROUPS, user.role) ? ROLE_GROUPS[user.role] : ROLE_GROUPS.viewer;
  return { user: `${KUBERNETES_NAME_PREFIX}${user.username}`, group };
}

import { clusterConnection, forgetClusterConnections, userConnection, type User } from '@strata/console-server';
import type { ClusterConnection } from '@strata/k8s';
import type { ConsoleStore } from './runtime';

/**
 * The connection that acts for `user` in a registered cluster: its requests impersonate
 * the user in the Kubernetes group of their role, so the cluster's RBAC and the operator
 * pod policy decide what they may do (see @strata/console-server `userConnection`). Use it
 * for everything a user asks for: reads, watches, YAML edits and every action.
 */
export function connectionFor(store: ConsoleStore, clusterId: string, user: Pick<User, 'username' | 'role'>): Promise<ClusterConnection> {
  return userConnection(store, clusterId, user);
}

/** The console's own connection, for background work on no user's behalf (the fleet's health and node counts). */
export function backgroundConnection(store: ConsoleStore, clusterId: string): Promise<ClusterConnection> {
  return clusterConnection(store, clusterId);
}

/** Forgets a cluster's connections (after it was removed). */
export function forgetConnection(clusterId: string): void {
  forgetClusterConnections(clusterId);
}

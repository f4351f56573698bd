import { ProviderError, type StrataError } from '@strata/errors';
import { connectionFromKubeconfig, toStrataError, type ClusterConnection } from '@strata/k8s';
import { clusterKubeconfig } from '../clusters/registry';
import type { ConsoleStore } from '../store/console-store';
import type { User } from '../users/users';
import { ensureConsoleAccess } from './console-access';
import { kubernetesIdentity } from './identity';

interface Entry {
  kubeconfig: string;
  /** The console's own identity: for background work on no user's behalf. */
  conn: ClusterConnection;
  /** The one run of `ensureConsoleAccess` for this kubeconfig; dropped when it fails, so the next request retries. */
  access?: Promise<void>;
  /** Impersonating connections by Kubernetes user and group. */
  users: Map<string, ClusterConnection>;
}

// On globalThis: Next.js may load this module more than once in one server process.
const KEY = Symbol.for('strata.console.cluster-connections');
type Holder = { [KEY]?: Map<string, Entry> };

function cache(): Map<string, Entry> {
  const holder = globalThis as Holder;
  holder[KEY] ??= new Map();
  return holder[KEY];
}

/**
 * Why the console could not set up its roles. A 403 here refuses the console's own
 * credentials, not the user's role, so it is reported as the cluster's configuration
 * (502) and never reworded as "your role does not allow this".
 */
function accessSetupError(error: unknown): StrataError {
  const mapped = toStrataError(error, "setting up the console's roles in the cluster");
  if (mapped.kind !== 'not-allowed') return mapped;
  return new ProviderError(
    `${mapped.message}; the console's credentials for this cluster must be allowed to manage ClusterRoles, ClusterRoleBindings and ` +
      'ValidatingAdmissionPolicies and to impersonate users and groups (re-import the cluster with an admin kubeconfig)',
    { cause: error },
  );
}

async function entryFor(store: ConsoleStore, clusterId: string): Promise<Entry> {
  const kubeconfig = await clusterKubeconfig(store, clusterId);
  const cached = cache().get(clusterId);
  if (cached && cached.kubeconfig === kubeconfig) return cached;
  // A new or re-imported kubeconfig: new credentials, and the cluster may be another one.
  const entry: Entry = { kubeconfig, conn: connectionFromKubeconfig(kubeconfig), users: new Map() };
  cache().set(clusterId, entry);
  return entry;
}

/**
 * The connection with the credentials the cluster was registered with (for local clusters
 * system:masters). Only for work the console does on no user's behalf, such as the
 * clusters list's health and node counts; anything a user asks for goes through
 * {@link userConnection}. Decrypted in server memory only and reused while the stored
 * kubeconfig stays the same.
 */
export async function clusterConnection(store: ConsoleStore, clusterId: string): Promise<ClusterConnection> {
  return (await entryFor(store, clusterId)).conn;
}

/**
 * The connection that acts for `user` in a cluster: every request impersonates
 * `strata:<username>` in the group of the user's role (see `kubernetesIdentity`), so the
 * API server applies that role's RBAC and the operator pod policy. The first call for a
 * kubeconfig applies the console's roles, bindings and policy to the cluster
 * (`ensureConsoleAccess`); no impersonated request is sent before they are in place.
 * Pass the user of the current session, whose role is read on every request, so a role
 * change applies at once.
 */
export async function userConnection(store: ConsoleStore, clusterId: string, user: Pick<User, 'username' | 'role'>): Promise<ClusterConnection> {
  const entry = await entryFor(store, clusterId);
  entry.access ??= ensureConsoleAccess(entry.conn).catch((error: unknown) => {
    delete entry.access;
    throw accessSetupError(error);
  });
  await entry.access;
  const who = kubernetesIdentity(user);
  const key = `${who.user}\u0000${who.group}`;
  let conn = entry.users.get(key);
  if (!conn) {
    conn = entry.conn.impersonating(who);
    entry.users.set(key, conn);
  }
  return conn;
}

/** Forgets a cluster's connections (after it was removed or its kubeconfig replaced). */
export function forgetClusterConnections(clusterId: string): void {
  cache().delete(clusterId);
}

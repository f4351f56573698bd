import { clusterKubeconfig } from '@strata/console-server';
import { connectionFromKubeconfig } from '@strata/k8s';
import type { ConsoleStore } from './runtime';

type Connection = ReturnType<typeof connectionFromKubeconfig>;

const KEY = Symbol.for('strata.console.connections');
type Holder = { [KEY]?: Map<string, { kubeconfig: string; conn: Connection }> };

function cache(): Map<string, { kubeconfig: string; conn: Connection }> {
  const holder = globalThis as Holder;
  holder[KEY] ??= new Map();
  return holder[KEY];
}

/**
 * The connection to a registered cluster. Its kubeconfig is decrypted from the store in
 * server memory only; the connection is reused while the kubeconfig stays the same (a
 * re-import replaces it).
 */
export async function connectionFor(store: ConsoleStore, clusterId: string): Promise<Connection> {
  const kubeconfig = await clusterKubeconfig(store, clusterId);
  const cached = cache().get(clusterId);
  if (cached && cached.kubeconfig === kubeconfig) return cached.conn;
  const conn = connectionFromKubeconfig(kubeconfig);
  cache().set(clusterId, { kubeconfig, conn });
  return conn;
}

/** Forgets a cluster's connection (after it was removed). */
export function forgetConnection(clusterId: string): void {
  cache().delete(clusterId);
}

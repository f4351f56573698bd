import { readFileSync } from 'node:fs';
import type { TestControlPlane } from '@strata/testkit';
import { connectionFromKubeconfig, type ClusterConnection, type KubeconfigOptions } from '../connection';

/** An admin connection to a test cluster, from its kubeconfig text as the console would hold it. */
export function adminConnection(kubeconfigPath: string, options: KubeconfigOptions = {}): ClusterConnection {
  return connectionFromKubeconfig(readFileSync(kubeconfigPath, 'utf8'), options);
}

/** A connection that impersonates `user` (no RBAC bindings), for 403 paths. */
export function impersonatingConnection(cp: TestControlPlane, user: string): ClusterConnection {
  const text = readFileSync(cp.kubeconfigPath, 'utf8').replace('  user:\n', `  user:\n    as: ${user}\n`);
  return connectionFromKubeconfig(text);
}

/** Creates a namespace for one test file. */
export async function createNamespace(conn: ClusterConnection, name: string): Promise<void> {
  await conn.core.createNamespace({ body: { metadata: { name } } });
}

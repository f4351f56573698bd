import { listClusters } from '@strata/console-server';
import type { InstallSnapshot } from '@strata/install-contract';
import type { ConsoleStore } from '../runtime';
import type { ConsoleSession } from '../session';
import { InstallerClient } from './installer-client';

/**
 * Cap on bodies that carry a Cluster document: the service takes at most 1 MiB of JSON, and a
 * document plus a license fits well inside it. Larger bodies are refused here with 413 first.
 */
export const DOCUMENT_BODY_LIMIT = 1024 * 1024;

/** The installer service client acting for the signed-in user of `session`. */
export function installerFor(session: ConsoleSession): InstallerClient {
  return new InstallerClient({ username: session.user.username, role: session.user.role });
}

/**
 * A download from the service answered to the browser: its body and content type only
 * (never the service's other headers), as an attachment named `filename`.
 */
export function downloadResponse(res: Response, filename: string): Response {
  return new Response(res.body, {
    status: 200,
    headers: {
      'content-type': res.headers.get('content-type') ?? 'application/octet-stream',
      'content-disposition': `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]/g, '_')}"`,
      'cache-control': 'no-store',
    },
  });
}

/** A snapshot with the id of the cluster the console lists for it, once the install registered it. */
export type InstallView = InstallSnapshot & { consoleClusterId?: string };

/**
 * Adds the console's id of the installed cluster: the service registers a finished install in
 * the installed-cluster registry (`$STRATA_HOME/clusters/*.json`), the console picks that up as a
 * cluster whose `installId` is the install's cluster id (`result.clusterId`).
 */
export async function withConsoleCluster(store: ConsoleStore, snapshot: InstallSnapshot): Promise<InstallView> {
  if (!snapshot.result) return snapshot;
  const clusterId = snapshot.result.clusterId;
  const clusters = await listClusters(store);
  const match = clusters.find((c) => c.installId === clusterId) ?? clusters.find((c) => c.source === 'installer' && c.name === snapshot.cluster);
  return match ? { ...snapshot, consoleClusterId: match.id } : snapshot;
}

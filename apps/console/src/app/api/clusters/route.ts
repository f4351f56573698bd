import { z } from 'zod';
import { importKubeconfig } from '@strata/console-server';
import type { ClustersAnswer } from '../../../lib/fleet';
import { apiRoute } from '../../../server/api';
import { recordAudit } from '../../../server/audit';
import { parseBody } from '../../../server/body';
import { clusterSummaries, platformLicense } from '../../../server/fleet';

export const dynamic = 'force-dynamic';

/** Every registered cluster with version, nodes ready/total and health, plus the license state. */
export const GET = apiRoute('view', async () => {
  const clusters = await clusterSummaries();
  const license = await platformLicense().catch(() => null);
  const answer: ClustersAnswer = { clusters, license };
  return answer;
});

const ImportBody = z.object({
  name: z.string().trim().min(1, 'name the cluster').max(63),
  kubeconfig: z.string().min(1, 'paste or upload a kubeconfig').max(1_000_000),
  /** The admin accepts `insecure-skip-tls-verify` in the kubeconfig; recorded in the audit log. */
  acceptInsecureTls: z.boolean().default(false),
});

/**
 * Imports a cluster from a kubeconfig (admins only). The kubeconfig is encrypted at rest
 * and never sent back; the answer names the new cluster only.
 */
export const POST = apiRoute('administer', async ({ req, runtime, session }) => {
  const body = await parseBody(req, ImportBody, 2 * 1024 * 1024);
  const cluster = await importKubeconfig(runtime.store, body.name, body.kubeconfig, { acceptInsecureTls: body.acceptInsecureTls });
  await recordAudit(
    runtime.store,
    session,
    'cluster.import',
    cluster.id,
    `name ${cluster.name}${body.acceptInsecureTls ? ', accepted insecure-skip-tls-verify' : ''}`,
  );
  await clusterSummaries({ fresh: true });
  return { id: cluster.id, name: cluster.name };
});

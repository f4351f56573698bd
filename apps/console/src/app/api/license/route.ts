import { z } from 'zod';
import { setLicense, usageHistory } from '@strata/console-server';
import { parseLicenseFile } from '@strata/licensing';
import type { LicenseAnswer } from '../../../lib/fleet';
import { apiRoute } from '../../../server/api';
import { recordAudit } from '../../../server/audit';
import { parseBody } from '../../../server/body';
import { clusterSummaries, platformLicense } from '../../../server/fleet';

export const dynamic = 'force-dynamic';

async function licenseAnswer(store: Parameters<typeof usageHistory>[0]): Promise<LicenseAnswer> {
  const license = await platformLicense();
  const clusters = (await clusterSummaries()).map((c) => ({ id: c.id, name: c.name, nodes: c.nodes.total, reachable: c.reachable }));
  const usage = (await usageHistory(store)).map((u) => ({ at: new Date(u.at).toISOString(), nodes: u.nodes, allowedNodes: u.allowed }));
  return { license, clusters, usage };
}

/** The license state, the node count per cluster and the usage history for the chart. */
export const GET = apiRoute('view', async ({ runtime }) => licenseAnswer(runtime.store));

const UploadBody = z.object({ license: z.string().min(1, 'choose a license file').max(100_000) });

/**
 * Installs a license (admins only): the text of a license file as the vendor hands it
 * out. It is verified offline against the trusted keys before it is stored.
 */
export const POST = apiRoute('administer', async ({ req, runtime, session }) => {
  const body = await parseBody(req, UploadBody, 256 * 1024);
  const token = parseLicenseFile(body.license);
  const claims = await setLicense(runtime.store, token);
  await recordAudit(
    runtime.store,
    session,
    'license.set',
    claims.licenseId,
    `${claims.customer.name}: ${claims.nodes} nodes until ${claims.expiresAt.slice(0, 10)}`,
  );
  await platformLicense({ fresh: true });
  return licenseAnswer(runtime.store);
});

import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { nodeCount, type Cluster } from '@strata/cluster-config';
import { InputError, NotAllowedError } from '@strata/errors';
import { checkInstallEntitlement, readLicenseFile } from '@strata/licensing';

/** The license verdict for a cluster, as the CLI reports it. */
export interface LicenseReport {
  status: string;
  allowed: boolean;
  allowedNodes: number;
  nodes: number;
  source?: string;
  message: string;
}

/**
 * Checks the cluster's node count against the license given by `--license` or
 * `spec.license.file` (relative to the document), or the free tier without one.
 */
export async function licenseReport(cluster: Cluster, documentPath: string, licenseFile?: string): Promise<LicenseReport> {
  const fromDocument = cluster.spec.license?.file;
  const path = licenseFile ? resolve(licenseFile) : fromDocument ? resolve(dirname(documentPath), fromDocument) : undefined;
  const source = licenseFile ? `--license ${licenseFile}` : fromDocument ? `spec.license.file (${fromDocument})` : undefined;
  if (path && !existsSync(path)) {
    throw new InputError(`license file ${path} does not exist`, [
      { path: licenseFile ? '--license' : 'spec.license.file', message: `no such file: ${path}; give the path of a license file issued for you` },
    ]);
  }
  const verdict = checkInstallEntitlement({
    requestedNodes: nodeCount(cluster),
    ...(path ? { licenseToken: readLicenseFile(path) } : {}),
    ...(source ? { licenseSource: source } : {}),
  });
  return {
    status: verdict.status,
    allowed: verdict.allowed,
    allowedNodes: verdict.allowedNodes,
    nodes: verdict.nodes,
    ...(source ? { source } : {}),
    message: verdict.message,
  };
}

/** Refuses, before anything is created, a cluster beyond the license's entitlement (exit code 5). */
export async function enforceLicense(cluster: Cluster, documentPath: string, licenseFile?: string): Promise<void> {
  const report = await licenseReport(cluster, documentPath, licenseFile);
  if (!report.allowed) throw new NotAllowedError(report.message);
}

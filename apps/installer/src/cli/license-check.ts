import type { Cluster } from '@strata/cluster-config';
import { nodeCount } from '@strata/cluster-config';

/** The license verdict for a cluster, as the CLI reports it. */
export interface LicenseReport {
  status: string;
  allowed: boolean;
  allowedNodes: number;
  nodes: number;
  message: string;
}

/** Free tier until the licensing library is wired in. */
export async function licenseReport(cluster: Cluster, _documentPath: string, _licenseFile?: string): Promise<LicenseReport> {
  const nodes = nodeCount(cluster);
  return { status: 'FREE_TIER', allowed: nodes <= 10, allowedNodes: 10, nodes, message: `${nodes} of 10 free nodes` };
}

/** Refuses, before anything is created, a cluster beyond the license's entitlement. */
export async function enforceLicense(cluster: Cluster, documentPath: string, licenseFile?: string): Promise<void> {
  const report = await licenseReport(cluster, documentPath, licenseFile);
  if (!report.allowed) {
    const { NotAllowedError } = await import('@strata/errors');
    throw new NotAllowedError(report.message);
  }
}

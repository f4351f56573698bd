import { existsSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { nodeCount, type Cluster } from '@strata/cluster-config';
import { InputError, StrataError } from '@strata/errors';
import type { LicenseVerdict } from '@strata/install-contract';
import { checkInstallEntitlement, parseLicenseFile, readLicenseFile } from '@strata/licensing';

/**
 * The license to check a cluster with: the text sent in the request's `license` field, else
 * the file `spec.license.file` names. The service has no document path to resolve a relative
 * file against, so that file must be absolute.
 */
function licenseToken(cluster: Cluster, licenseText: string | undefined): { token?: string; source?: string } {
  if (licenseText !== undefined && licenseText.trim() !== '') {
    try {
      return { token: parseLicenseFile(licenseText), source: 'the license in field license' };
    } catch (error) {
      throw new InputError(`field license: ${(error as Error).message}`, [
        { path: 'license', message: `${(error as Error).message}; paste the whole license file` },
      ]);
    }
  }
  const file = cluster.spec.license?.file;
  if (!file) return {};
  if (!isAbsolute(file) || !existsSync(file)) {
    throw new InputError(`spec.license.file ${file} cannot be read by the installer service`, [
      {
        path: 'spec.license.file',
        message: isAbsolute(file) ? `no such file: ${file}` : 'is a relative path; give an absolute path, or send the license text in field license',
      },
    ]);
  }
  return { token: readLicenseFile(file), source: `spec.license.file (${file})` };
}

/** The node count of `cluster` against the license (or the free tier), as `strata validate` reports it. */
export function licenseVerdict(cluster: Cluster, licenseText?: string): LicenseVerdict {
  const { token, source } = licenseToken(cluster, licenseText);
  const verdict = checkInstallEntitlement({
    requestedNodes: nodeCount(cluster),
    ...(token ? { licenseToken: token } : {}),
    ...(source ? { licenseSource: source } : {}),
  });
  return { status: verdict.status, allowed: verdict.allowed, nodes: verdict.nodes, limit: verdict.allowedNodes, message: verdict.message };
}

/** Refuses (403, with a problem at `spec.license`) a cluster beyond the license's entitlement. */
export function enforceLicense(cluster: Cluster, licenseText?: string): LicenseVerdict {
  const verdict = licenseVerdict(cluster, licenseText);
  if (!verdict.allowed) {
    // The not-allowed kind (403) with a problem the wizard can show at the license field.
    throw new StrataError('not-allowed', verdict.message, {
      problems: [
        { path: 'spec.license', message: `${verdict.nodes} nodes requested, ${verdict.limit ?? 0} allowed; send a license that covers them in field license` },
      ],
    });
  }
  return verdict;
}

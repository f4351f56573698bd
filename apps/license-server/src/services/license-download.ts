import { formatLicenseFile } from '@strata/licensing';
import type { ServiceContext } from './context';

/** The file name a downloaded license is saved under: `strata-license-<customer>-<license id>.lic`. */
export function licenseFileName(customerName: string, licenseId: string): string {
  const slug =
    customerName
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 40) || 'customer';
  return `strata-license-${slug}-${licenseId}.lic`;
}

/** A stored license as the file a customer installs: the commented file format around the signed token. */
export async function licenseDownload(ctx: ServiceContext, licenseId: string): Promise<{ fileName: string; content: string }> {
  const license = await ctx.store.licenses.get(licenseId);
  const customer = await ctx.store.customers.get(license.customerId);
  const verification = ctx.verifier.verify(license.token, ctx.now());
  const content = verification.ok ? formatLicenseFile(license.token, verification.claims) : `${license.token}\n`;
  return { fileName: licenseFileName(customer.name, license.id), content };
}

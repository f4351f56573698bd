import { DnsManagementClient } from '@azure/arm-dns';
import { ResourceManagementClient } from '@azure/arm-resources';
import type { TokenCredential } from '@azure/core-auth';
import { contextFromRef, contextRef, type DriverContextRef } from '@strata/driver-api';

/** What an Azure driver context is made of, as plain data another process can rebuild it from. */
export type AzureContextRef = DriverContextRef;

/** The context the installer gives the Azure driver for a cluster whose assets are rendered in `ref.assetsDir`. */
export const azureContext = contextFromRef;

/** `ctx` as the string the conformance child restores it from. */
export const azureContextRef = contextRef;

/** What of an ARM test server a cluster document and the credential need. */
export interface ArmEndpoint {
  url: string;
  authorityHost: string;
  subscriptionId: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
}

/**
 * The service principal of the test server, in the environment the driver reads its
 * credential from (and child processes inherit); a long poll interval of the SDK's pollers
 * is cut to `pollMs`, since the test server finishes operations in milliseconds.
 */
export function useArmCredentials(arm: ArmEndpoint, pollMs = 25): void {
  process.env['AZURE_CLIENT_ID'] = arm.clientId;
  process.env['AZURE_CLIENT_SECRET'] = arm.clientSecret;
  process.env['AZURE_TENANT_ID'] = arm.tenantId;
  process.env['STRATA_AZURE_POLL_INTERVAL_MS'] = String(pollMs);
  delete process.env['AZURE_CLIENT_CERTIFICATE_PATH'];
}

/** `spec.platform.azure` pointing at the test server. */
export function armPlatform(arm: ArmEndpoint, location = 'westeurope', extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    subscriptionId: arm.subscriptionId,
    tenantId: arm.tenantId,
    location,
    endpoints: { resourceManager: arm.url, activeDirectory: arm.authorityHost },
    ...extra,
  };
}

/** What seeding the test server needs of it: its endpoint and a credential. */
export interface ArmSeedTarget {
  url: string;
  subscriptionId: string;
  credential: TokenCredential;
}

/**
 * The public DNS zone of a cluster's `baseDomain`, made through the SDKs in a resource group
 * of its own (`dns`), as a subscription holds it before any install.
 */
export async function createPublicZone(arm: ArmSeedTarget, zone: string, group = 'dns', location = 'westeurope'): Promise<void> {
  const options = { endpoint: arm.url, credentialScopes: ['https://management.azure.com/.default'] };
  await new ResourceManagementClient(arm.credential, arm.subscriptionId, options).resourceGroups.createOrUpdate(group, { location });
  await new DnsManagementClient(arm.credential, arm.subscriptionId, options).zones.createOrUpdate(group, zone, { location: 'global' });
}

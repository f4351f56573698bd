import { ComputeManagementClient } from '@azure/arm-compute';
import { DnsManagementClient } from '@azure/arm-dns';
import { NetworkManagementClient } from '@azure/arm-network';
import { PrivateDnsManagementClient } from '@azure/arm-privatedns';
import { ResourceManagementClient } from '@azure/arm-resources';
import type { ArmServer } from './server';

/** The official SDK clients pointed at a test server (spec helper). */
export function sdkClients(arm: ArmServer) {
  const scopes = ['https://management.azure.com/.default'];
  return {
    resources: new ResourceManagementClient(arm.credential, arm.subscriptionId, { endpoint: arm.url }),
    network: new NetworkManagementClient(arm.credential, arm.subscriptionId, { endpoint: arm.url }),
    compute: new ComputeManagementClient(arm.credential, arm.subscriptionId, { endpoint: arm.url, credentials: { scopes } }),
    privateDns: new PrivateDnsManagementClient(arm.credential, arm.subscriptionId, { endpoint: arm.url }),
    dns: new DnsManagementClient(arm.credential, arm.subscriptionId, { endpoint: arm.url }),
  };
}

/** Poller options that keep tests quick. */
export const FAST = { updateIntervalInMs: 5 } as const;

/** Base64 of a small Ignition config, as the driver sends customData. */
export const CUSTOM_DATA = Buffer.from(JSON.stringify({ ignition: { version: '3.4.0' } })).toString('base64');

/** A resource id under the server's subscription. */
export const idOf = (arm: ArmServer, group: string, path: string) => `/subscriptions/${arm.subscriptionId}/resourceGroups/${group}/providers/${path}`;

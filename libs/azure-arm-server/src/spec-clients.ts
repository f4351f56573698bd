import { ComputeManagementClient } from '@azure/arm-compute';
import { DnsManagementClient } from '@azure/arm-dns';
import { NetworkManagementClient } from '@azure/arm-network';
import { PrivateDnsManagementClient } from '@azure/arm-privatedns';
import { ResourceManagementClient } from '@azure/arm-resources';
import { startArmServer, type ArmServer, type ArmServerOptions } from './server';

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

export type SdkClients = ReturnType<typeof sdkClients>;

/** A test server and the SDK clients pointed at it, for the specs of one describe block. */
export async function startWithClients(options: ArmServerOptions): Promise<{ arm: ArmServer; sdk: SdkClients }> {
  const arm = await startArmServer(options);
  return { arm, sdk: sdkClients(arm) };
}

/** Poller options that keep tests quick. */
export const FAST = { updateIntervalInMs: 5 } as const;

/** Base64 of a small Ignition config, as the driver sends customData. */
export const CUSTOM_DATA = Buffer.from(JSON.stringify({ ignition: { version: '3.4.0' } })).toString('base64');

/** A resource id under the server's subscription. */
export const idOf = (arm: ArmServer, group: string, path: string) => `/subscriptions/${arm.subscriptionId}/resourceGroups/${group}/providers/${path}`;

/** A raw HTTPS call with a valid token: status, headers and parsed body (spec helper). */
export async function armFetch(arm: ArmServer, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const { token } = await arm.credential.getToken('https://management.azure.com/.default');
  const response = await fetch(`${arm.url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  // Loosely typed on purpose: specs read arbitrary ARM bodies by path.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : undefined) as Record<string, any> | undefined };
}

/** A group with a VNet, one subnet and a NIC in it (spec helper). */
export async function baseNetwork(sdk: ReturnType<typeof sdkClients>, group: string, location = 'eastus') {
  await sdk.resources.resourceGroups.createOrUpdate(group, { location });
  const vnet = await sdk.network.virtualNetworks.beginCreateOrUpdateAndWait(
    group,
    'vnet',
    { location, addressSpace: { addressPrefixes: ['10.0.0.0/16'] }, subnets: [{ name: 'nodes', addressPrefix: '10.0.0.0/24' }] },
    FAST,
  );
  const subnetId = vnet.subnets?.[0]?.id as string;
  const nic = await sdk.network.networkInterfaces.beginCreateOrUpdateAndWait(
    group,
    'nic-0',
    { location, ipConfigurations: [{ name: 'ipconfig', subnet: { id: subnetId } }] },
    FAST,
  );
  return { vnet, subnetId, nic };
}

/** A small VM on a NIC (spec helper). */
export function vmOn(nicId: string, size = 'Standard_D2s_v5', location = 'eastus') {
  return {
    location,
    hardwareProfile: { vmSize: size },
    storageProfile: { imageReference: { publisher: 'kinvolk', offer: 'flatcar-container-linux-free', sku: 'stable-gen2', version: 'latest' } },
    osProfile: { adminUsername: 'core', customData: CUSTOM_DATA },
    networkProfile: { networkInterfaces: [{ id: nicId }] },
  };
}

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_VM_SIZES } from './catalog';
import { compareToExample } from './example-compare';
import { startArmServer, type ArmServer, type ArmServerOptions } from './index';
import { FAST, armFetch, sdkClients } from './spec-clients';

/** An `x-ms-examples` file: the operation's parameters and its responses by status. */
interface Example {
  parameters: Record<string, unknown>;
  responses: Record<string, { body?: Record<string, unknown>; headers?: Record<string, string> }>;
}

type Sdk = ReturnType<typeof sdkClients>;

/** One replayed example: the operation it stands for and what it needs first. */
interface Replay {
  file: string;
  method: 'PUT' | 'DELETE';
  /** The operation's path template (from the spec), parameters in braces. */
  path: string;
  /** The parameter holding the request body. */
  body?: string;
  options?: ArmServerOptions;
  /** Literal replacements over the whole example: placeholders the example leaves unfilled. */
  substitute?: Record<string, string>;
  /** Response paths not compared, each for the reason given beside it. */
  ignore?: string[];
  /** Resources the example's request refers to, made first through the SDK. */
  setup?: (sdk: Sdk) => Promise<void>;
}

const NETWORK = '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Network';
// Placeholder values of every example, never compared.
const ALWAYS_IGNORED = ['etag', '**.etag', 'properties.resourceGuid'];

const group =
  (name: string, location = 'eastus') =>
  async (sdk: Sdk) => {
    await sdk.resources.resourceGroups.createOrUpdate(name, { location });
  };

const REPLAYS: Replay[] = [
  {
    file: 'network/VirtualNetworkCreate.json',
    method: 'PUT',
    path: `${NETWORK}/virtualNetworks/{virtualNetworkName}`,
    body: 'parameters',
    setup: group('rg1'),
  },
  {
    file: 'network/SubnetCreate.json',
    method: 'PUT',
    path: `${NETWORK}/virtualNetworks/{virtualNetworkName}/subnets/{subnetName}`,
    body: 'subnetParameters',
    setup: async (sdk) => {
      await group('subnet-test')(sdk);
      await sdk.network.virtualNetworks.beginCreateOrUpdateAndWait(
        'subnet-test',
        'vnetname',
        { location: 'eastus', addressSpace: { addressPrefixes: ['10.0.0.0/16'] } },
        FAST,
      );
    },
  },
  {
    file: 'network/NetworkSecurityGroupCreateWithRule.json',
    method: 'PUT',
    path: `${NETWORK}/networkSecurityGroups/{networkSecurityGroupName}`,
    body: 'parameters',
    setup: group('rg1'),
  },
  {
    file: 'network/PublicIpAddressCreateDefaults.json',
    method: 'PUT',
    path: `${NETWORK}/publicIPAddresses/{publicIpAddressName}`,
    body: 'parameters',
    setup: group('rg1'),
    ignore: [
      // The example answers with the name "testDNS-ip" for the address it creates as "test-ip" (its own id says test-ip).
      'name',
      // and shows the address attached to a NIC its request never made.
      'properties.ipConfiguration',
    ],
  },
  {
    file: 'network/LoadBalancerCreateStandardSku.json',
    method: 'PUT',
    path: `${NETWORK}/loadBalancers/{loadBalancerName}`,
    body: 'parameters',
    setup: async (sdk) => {
      await group('rg1')(sdk);
      await sdk.network.virtualNetworks.beginCreateOrUpdateAndWait(
        'rg1',
        'vnetlb',
        { location: 'eastus', addressSpace: { addressPrefixes: ['10.0.0.0/16'] }, subnets: [{ name: 'subnetlb', addressPrefix: '10.0.1.0/24' }] },
        FAST,
      );
    },
  },
  {
    file: 'network/NetworkInterfaceCreate.json',
    method: 'PUT',
    path: `${NETWORK}/networkInterfaces/{networkInterfaceName}`,
    body: 'parameters',
    setup: async (sdk) => {
      await group('rg1')(sdk);
      await sdk.network.virtualNetworks.beginCreateOrUpdateAndWait(
        'rg1',
        'rg1-vnet',
        { location: 'eastus', addressSpace: { addressPrefixes: ['172.20.0.0/16'] }, subnets: [{ name: 'default', addressPrefix: '172.20.2.0/24' }] },
        FAST,
      );
      await sdk.network.publicIPAddresses.beginCreateOrUpdateAndWait('rg1', 'test-ip', { location: 'eastus' }, FAST);
    },
    ignore: [
      // Allocating a prefix to an ip configuration (privateIPAddressPrefixLength) is not modelled: it gets one address.
      'properties.ipConfigurations[1].properties.privateIPAddress',
    ],
  },
  {
    file: 'compute/VirtualMachine_Create_WithSshAuthentication.json',
    method: 'PUT',
    path: '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Compute/virtualMachines/{vmName}',
    body: 'parameters',
    options: {
      locations: ['westus', 'eastus'],
      vmSizes: [...DEFAULT_VM_SIZES, { name: 'Standard_D1_v2', vCPUs: 1, memoryGB: 3.5, family: 'standardDv2Family' }],
    },
    // The request leaves the NIC and the image as placeholders; the response names them.
    substitute: { '{existing-nic-name}': 'nsgExistingNic', '{image_sku}': '16.04-LTS', '{image_publisher}': 'Canonical', '{image_offer}': 'UbuntuServer' },
    setup: async (sdk) => {
      await group('myResourceGroup', 'westus')(sdk);
      const vnet = await sdk.network.virtualNetworks.beginCreateOrUpdateAndWait(
        'myResourceGroup',
        'vnet',
        { location: 'westus', addressSpace: { addressPrefixes: ['10.0.0.0/16'] }, subnets: [{ name: 'default', addressPrefix: '10.0.0.0/24' }] },
        FAST,
      );
      await sdk.network.networkInterfaces.beginCreateOrUpdateAndWait(
        'myResourceGroup',
        'nsgExistingNic',
        { location: 'westus', ipConfigurations: [{ name: 'ipconfig1', subnet: { id: vnet.subnets?.[0]?.id } }] },
        FAST,
      );
    },
    ignore: [
      // Made up by the service.
      'properties.vmId',
    ],
  },
  {
    file: 'privatedns/RecordSetAPut.json',
    method: 'PUT',
    path: '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Network/privateDnsZones/{privateZoneName}/{recordType}/{relativeRecordSetName}',
    body: 'parameters',
    setup: async (sdk) => {
      await group('resourceGroup1')(sdk);
      await sdk.privateDns.privateZones.beginCreateOrUpdateAndWait('resourceGroup1', 'privatezone1.com', { location: 'global' }, FAST);
    },
  },
  {
    file: 'privatedns/RecordSetCNAMEPut.json',
    method: 'PUT',
    path: '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Network/privateDnsZones/{privateZoneName}/{recordType}/{relativeRecordSetName}',
    body: 'parameters',
    setup: async (sdk) => {
      await group('resourceGroup1')(sdk);
      await sdk.privateDns.privateZones.beginCreateOrUpdateAndWait('resourceGroup1', 'privatezone1.com', { location: 'global' }, FAST);
    },
  },
  {
    file: 'dns/CreateOrUpdateZone.json',
    method: 'PUT',
    path: '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Network/dnsZones/{zoneName}',
    body: 'parameters',
    // "zone1" is a single label; Azure's naming rules (and the server) want 2 to 34.
    substitute: { zone1: 'zone1.com' },
    setup: group('rg1'),
  },
  {
    file: 'dns/CreateOrUpdateARecordset.json',
    method: 'PUT',
    path: '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Network/dnsZones/{zoneName}/{recordType}/{relativeRecordSetName}',
    body: 'parameters',
    substitute: { zone1: 'zone1.com' },
    setup: async (sdk) => {
      await group('rg1')(sdk);
      await sdk.dns.zones.createOrUpdate('rg1', 'zone1.com', { location: 'global' });
    },
  },
  {
    file: 'dns/CreateOrUpdateCNAMERecordset.json',
    method: 'PUT',
    path: '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Network/dnsZones/{zoneName}/{recordType}/{relativeRecordSetName}',
    body: 'parameters',
    substitute: { zone1: 'zone1.com' },
    setup: async (sdk) => {
      await group('rg1')(sdk);
      await sdk.dns.zones.createOrUpdate('rg1', 'zone1.com', { location: 'global' });
    },
  },
  {
    file: 'network/NetworkInterfaceDelete.json',
    method: 'DELETE',
    path: `${NETWORK}/networkInterfaces/{networkInterfaceName}`,
    setup: async (sdk) => {
      await group('rg1')(sdk);
      const vnet = await sdk.network.virtualNetworks.beginCreateOrUpdateAndWait(
        'rg1',
        'vnet',
        { location: 'eastus', addressSpace: { addressPrefixes: ['10.0.0.0/16'] }, subnets: [{ name: 'default', addressPrefix: '10.0.0.0/24' }] },
        FAST,
      );
      await sdk.network.networkInterfaces.beginCreateOrUpdateAndWait(
        'rg1',
        'test-nic',
        { location: 'eastus', ipConfigurations: [{ name: 'ipconfig1', subnet: { id: vnet.subnets?.[0]?.id } }] },
        FAST,
      );
    },
  },
  {
    file: 'resources/ForceDeleteVMsInResourceGroup.json',
    method: 'DELETE',
    path: '/subscriptions/{subscriptionId}/resourcegroups/{resourceGroupName}?forceDeletionTypes={forceDeletionTypes}',
    setup: group('my-resource-group'),
  },
];

function load(replay: Replay): Example {
  let text = readFileSync(join(import.meta.dirname, '..', 'examples', replay.file), 'utf8');
  for (const [from, to] of Object.entries(replay.substitute ?? {})) text = text.split(from).join(to);
  return JSON.parse(text) as Example;
}

function fill(template: string, parameters: Record<string, unknown>): string {
  const path = template.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(String(parameters[name])));
  return `${path}${path.includes('?') ? '&' : '?'}api-version=${String(parameters['api-version'])}`;
}

/** Polls a long-running operation's URL until it leaves InProgress (or its Location leaves 202). */
async function settle(arm: ArmServer, url: string, kind: 'status' | 'location') {
  for (let i = 0; i < 200; i += 1) {
    const answer = await armFetch(arm, 'GET', url.slice(arm.url.length));
    if (kind === 'status' ? answer.body?.['status'] !== 'InProgress' : answer.status !== 202) return answer;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`operation ${url} did not finish`);
}

describe('the spec examples, replayed', () => {
  let arm: ArmServer | undefined;
  afterEach(async () => {
    await arm?.close();
    arm = undefined;
  });

  it.each(REPLAYS.map((r) => [r.file, r] as const))('%s', async (_file, replay) => {
    const example = load(replay);
    const parameters = example.parameters;
    arm = await startArmServer({ asyncDelayMs: 5, ...replay.options, subscriptionId: String(parameters['subscriptionId']) });
    await replay.setup?.(sdkClients(arm));
    const path = fill(replay.path, parameters);
    const first = await armFetch(arm, replay.method, path, replay.body ? parameters[replay.body] : undefined);

    if (replay.method === 'DELETE') {
      expect(Object.keys(example.responses)).toContain(String(first.status));
      // The Location URL is opaque to clients (ARM RPC); compared: present, an operation result on this server, as in the example.
      const headers = example.responses[String(first.status)]?.headers ?? {};
      const exampleLocation = new URL(String(Object.entries(headers).find(([name]) => name.toLowerCase() === 'location')?.[1]));
      const location = new URL(first.headers.get('location') ?? '');
      expect(location.origin).toBe(arm.url);
      const kind = (url: URL) => url.pathname.split('/').at(-2)?.toLowerCase();
      expect(kind(location)).toBe(kind(exampleLocation));
      const final = await settle(arm, location.toString(), 'location');
      expect(Object.keys(example.responses)).toContain(String(final.status));
      expect(final.status).not.toBe(202);
      return;
    }

    const expectedStatus = example.responses['201'] ? 201 : 200;
    expect(first.status).toBe(expectedStatus);
    const asyncUrl = first.headers.get('azure-asyncoperation');
    if (asyncUrl) expect((await settle(arm, asyncUrl, 'status')).body?.['status']).toBe('Succeeded');
    const final = await armFetch(arm, 'GET', path);
    expect(final.status).toBe(200);
    const expected = example.responses[String(expectedStatus)]?.body as Record<string, unknown>;
    const ignore = [...ALWAYS_IGNORED, ...(replay.ignore ?? [])];
    // The example shows either the first answer (a VM still Creating) or the settled one.
    const provisioning = (expected['properties'] as Record<string, unknown> | undefined)?.['provisioningState'];
    if (provisioning !== undefined) {
      expect([first.body?.['properties']?.provisioningState, final.body?.['properties']?.provisioningState]).toContain(provisioning);
      ignore.push('properties.provisioningState');
    }
    expect(compareToExample(expected, final.body, ignore)).toEqual([]);
  });
});

// examples/azure.yaml applied to the ARM test server through the driver, and read back
// through the SDKs: every resource with its properties, the load balancers' pools and rules,
// the DNS records, the VMs with their Ignition config as customData, the tags; then destroy.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ComputeManagementClient } from '@azure/arm-compute';
import { DnsManagementClient } from '@azure/arm-dns';
import { NetworkManagementClient } from '@azure/arm-network';
import { PrivateDnsManagementClient } from '@azure/arm-privatedns';
import { ResourceManagementClient } from '@azure/arm-resources';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_VM_SIZES, ensureArmTestCa, startArmServer, type ArmServer } from '@strata/azure-arm-server';
import { parseCluster } from '@strata/cluster-config';
import { writeAssetDirectory } from '@strata/bootstrap';
import { applyPlan, azureOwnership, destroyAll, type DriverContext, type InfraPlan } from '@strata/driver-api';
import { azureDriver } from './azure-driver';
import { armPlatform, azureContext, startRecordingProxy, useArmCredentials, type RecordingProxy } from './testing';

const VALIDATOR = '/usr/bin/ignition-validate';
const EXAMPLE = join(import.meta.dirname, '../../../examples/azure.yaml');
const RG = 'strata-staging';
const work = mkdtempSync(join(tmpdir(), 'strata-azure-infra-'));
const scopes = ['https://management.azure.com/.default'];
let arm: ArmServer;
let proxy: RecordingProxy;
let ctx: DriverContext;
let plan: InfraPlan;
let network: NetworkManagementClient;
let compute: ComputeManagementClient;
let privateDns: PrivateDnsManagementClient;
let dns: DnsManagementClient;

const marks = (tags: Record<string, string> | undefined) => azureOwnership.decode({ labels: tags ?? {} });
const lbId = (name: string) => `/subscriptions/${arm.subscriptionId}/resourceGroups/${RG}/providers/Microsoft.Network/loadBalancers/${name}`;
const nameOf = (id: string) => plan.steps.find((s) => s.id === id)?.name ?? '';

beforeAll(async () => {
  // The example's memory pool uses Standard_E8s_v5.
  arm = await startArmServer({
    asyncDelayMs: 10,
    vmSizes: [...DEFAULT_VM_SIZES, { name: 'Standard_E8s_v5', vCPUs: 8, memoryGB: 64, family: 'standardESv5Family' }],
  });
  proxy = await startRecordingProxy(arm.url, ensureArmTestCa());
  useArmCredentials(arm);
  const base = { endpoint: arm.url, credentialScopes: scopes };
  await new ResourceManagementClient(arm.credential, arm.subscriptionId, base).resourceGroups.createOrUpdate('dns', { location: 'westeurope' });
  dns = new DnsManagementClient(arm.credential, arm.subscriptionId, base);
  await dns.zones.createOrUpdate('dns', 'azure.example.com', { location: 'global' });
  network = new NetworkManagementClient(arm.credential, arm.subscriptionId, base);
  privateDns = new PrivateDnsManagementClient(arm.credential, arm.subscriptionId, base);
  compute = new ComputeManagementClient(arm.credential, arm.subscriptionId, { endpoint: arm.url, credentials: { scopes } });

  const doc = parseYaml(readFileSync(EXAMPLE, 'utf8')) as { spec: { platform: { azure: Record<string, unknown> } } };
  const example = doc.spec.platform.azure;
  doc.spec.platform.azure = armPlatform({ ...arm, url: proxy.url }, 'westeurope', { resourceGroup: example['resourceGroup'], vmSizes: example['vmSizes'] });
  const cluster = parseCluster(JSON.stringify(doc), { format: 'json' });
  const dir = join(work, 'staging');
  const { manifest } = await writeAssetDirectory(dir, cluster);
  ctx = azureContext({ cluster: JSON.stringify(cluster), clusterId: manifest.clusterId, assetsDir: dir, journal: join(dir, 'state/journal.jsonl') });
  plan = azureDriver.plan(ctx);
  expect(await azureDriver.validate(ctx)).toEqual([]);
  const applied = await applyPlan(azureDriver, ctx, plan);
  expect(applied.created.length).toBe(plan.steps.length);
}, 120_000);

afterAll(async () => {
  await proxy?.close();
  await arm?.close();
  rmSync(work, { recursive: true, force: true });
});

describe('examples/azure.yaml on the ARM test server', () => {
  it('makes the resource group and marks every resource with its step, tags Azure accepts', () => {
    const ours = arm.resources().filter((r) => marks(r.tags)?.clusterId === ctx.clusterId);
    expect(ours.find((r) => r.type === 'Microsoft.Resources/resourceGroups')).toMatchObject({ name: RG, location: 'westeurope' });
    const steps = ours.map((r) => marks(r.tags)?.step).sort();
    // Every step but the link (nested, kept without tags by the server) and the DNS records (marked in their metadata).
    const tagged = plan.steps.filter((s) => s.kind !== 'dns-record' && s.kind !== 'private-dns-link').map((s) => s.id);
    expect(steps).toEqual(tagged.sort());
    for (const r of ours) for (const key of Object.keys(r.tags ?? {})) expect(key).not.toMatch(/[<>%&\\?/]/);
  });

  it('builds the virtual network on machineCIDR with a control-plane and a worker subnet behind their security groups', async () => {
    const vnet = await network.virtualNetworks.get(RG, nameOf('network/vnet'));
    expect(vnet.addressSpace?.addressPrefixes).toEqual(['10.30.0.0/16']);
    const subnets = Object.fromEntries((vnet.subnets ?? []).map((s) => [s.name, s]));
    expect(subnets['control-plane']?.addressPrefix).toBe('10.30.0.0/17');
    expect(subnets['worker']?.addressPrefix).toBe('10.30.128.0/17');
    expect(subnets['control-plane']?.networkSecurityGroup?.id?.toLowerCase()).toContain(nameOf('network/nsg-control-plane').toLowerCase());
    expect(subnets['worker']?.networkSecurityGroup?.id?.toLowerCase()).toContain(nameOf('network/nsg-worker').toLowerCase());
    const cp = await network.networkSecurityGroups.get(RG, nameOf('network/nsg-control-plane'));
    const rule = (name: string) => cp.securityRules?.find((r) => r.name === name);
    expect(rule('api')).toMatchObject({ access: 'Allow', direction: 'Inbound', protocol: 'Tcp', destinationPortRange: '6443', sourceAddressPrefix: '*' });
    expect(rule('etcd')).toMatchObject({ access: 'Allow', destinationPortRange: '2379-2380', sourceAddressPrefix: '10.30.0.0/17' });
    expect(rule('etcd-deny')).toMatchObject({ access: 'Deny', destinationPortRange: '2379-2380', sourceAddressPrefix: 'VirtualNetwork' });
    expect(rule('kubelet')).toMatchObject({ destinationPortRange: '10250' });
    expect(rule('nodeports-tcp')).toMatchObject({ destinationPortRange: '30000-32767' });
    expect(rule('ssh')).toBeUndefined();
    const worker = await network.networkSecurityGroups.get(RG, nameOf('network/nsg-worker'));
    expect((worker.securityRules ?? []).map((r) => r.name).sort()).toEqual(['kubelet', 'nodeports-tcp', 'nodeports-udp']);
  });

  it('fronts the control plane with a public and an internal Standard load balancer: pool of the three control-plane NICs, probe, rule on 6443', async () => {
    const ip = await network.publicIPAddresses.get(RG, nameOf('load-balancer/api-ip'));
    expect(ip).toMatchObject({ sku: { name: 'Standard' }, publicIPAllocationMethod: 'Static', zones: ['1', '2', '3'] });
    expect(ip.ipAddress).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    const cpNics = plan.steps.filter((s) => s.kind === 'network-interface' && s.id.includes('-cp-')).map((s) => s.name.toLowerCase());
    for (const step of ['load-balancer/api', 'load-balancer/api-internal']) {
      const lb = await network.loadBalancers.get(RG, nameOf(step));
      expect(lb.sku?.name, step).toBe('Standard');
      const id = lbId(nameOf(step));
      expect(lb.probes?.[0]).toMatchObject({ protocol: 'Https', port: 6443, requestPath: '/readyz' });
      expect(lb.loadBalancingRules?.[0]).toMatchObject({ protocol: 'Tcp', frontendPort: 6443, backendPort: 6443 });
      expect(lb.loadBalancingRules?.[0]?.backendAddressPool?.id?.toLowerCase()).toBe(`${id}/backendAddressPools/control-plane`.toLowerCase());
      const pool = await network.loadBalancerBackendAddressPools.get(RG, nameOf(step), 'control-plane');
      const members = (pool.backendIPConfigurations ?? []).map((c) => (c.id ?? '').toLowerCase().split('/networkinterfaces/')[1]?.split('/')[0]).sort();
      expect(members, step).toEqual(cpNics.sort());
    }
    const pub = await network.loadBalancers.get(RG, nameOf('load-balancer/api'));
    expect(pub.frontendIPConfigurations?.[0]?.publicIPAddress?.id?.toLowerCase()).toBe(ip.id?.toLowerCase());
    const internal = await network.loadBalancers.get(RG, nameOf('load-balancer/api-internal'));
    expect(internal.frontendIPConfigurations?.[0]).toMatchObject({ privateIPAddress: '10.30.0.5', privateIPAllocationMethod: 'Static' });
  });

  it('publishes api in the public zone and api-int in the private zone linked to the network', async () => {
    const ip = await network.publicIPAddresses.get(RG, nameOf('load-balancer/api-ip'));
    const api = await dns.recordSets.get('dns', 'azure.example.com', 'api.staging', 'A');
    expect(api.aRecords).toEqual([{ ipv4Address: ip.ipAddress }]);
    expect(marks(api.metadata)).toEqual({ cluster: 'staging', clusterId: ctx.clusterId, step: 'dns/api' });
    const zone = 'staging.azure.example.com';
    expect((await privateDns.privateZones.get(RG, zone)).name).toBe(zone);
    const link = await privateDns.virtualNetworkLinks.get(RG, zone, nameOf('dns/private-zone-link'));
    expect(link.virtualNetwork?.id?.toLowerCase()).toContain(nameOf('network/vnet').toLowerCase());
    expect(link.registrationEnabled).toBe(false);
    const apiInt = await privateDns.recordSets.get(RG, zone, 'A', 'api-int');
    expect(apiInt.aRecords).toEqual([{ ipv4Address: '10.30.0.5' }]);
  });

  it('runs one Flatcar VM per machine at its fixed address, the control plane over zones 1-3, reported running', async () => {
    const machines = await azureDriver.listMachines(ctx);
    expect(machines.map((m) => `${m.name} ${m.state} ${m.addresses.find((a) => a.type === 'InternalIP')?.address}`)).toEqual([
      'staging-cp-0 running 10.30.0.10',
      'staging-cp-1 running 10.30.0.11',
      'staging-cp-2 running 10.30.0.12',
      'staging-default-0 running 10.30.128.20',
      'staging-default-1 running 10.30.128.21',
      'staging-default-2 running 10.30.128.22',
      'staging-memory-0 running 10.30.128.23',
    ]);
    for (const m of machines)
      expect(m.providerID).toBe(`azure:///subscriptions/${arm.subscriptionId}/resourceGroups/${RG}/providers/Microsoft.Compute/virtualMachines/${m.name}`);
    const vm = await compute.virtualMachines.get(RG, 'staging-cp-1');
    expect(vm).toMatchObject({
      zones: ['2'],
      hardwareProfile: { vmSize: 'Standard_D4s_v5' },
      plan: { publisher: 'kinvolk', product: 'flatcar-container-linux-free', name: 'beta-gen2' },
      storageProfile: { imageReference: { publisher: 'kinvolk', offer: 'flatcar-container-linux-free', sku: 'beta-gen2', version: 'latest' } },
    });
    // ARM never returns customData.
    expect(vm.osProfile?.customData).toBeUndefined();
    expect((await compute.virtualMachines.get(RG, 'staging-memory-0')).hardwareProfile?.vmSize).toBe('Standard_E8s_v5');
  });

  it("sent every VM its machine's Ignition config as customData, which passes ignition-validate", () => {
    const puts = proxy.requests().filter((r) => r.method === 'PUT' && r.path.includes('/providers/Microsoft.Compute/virtualMachines/'));
    expect(puts).toHaveLength(7);
    for (const put of puts) {
      const name = put.path.split('/virtualMachines/')[1]?.split('?')[0] ?? '';
      const body = JSON.parse(put.body) as { properties: { osProfile: { customData: string } } };
      const config = Buffer.from(body.properties.osProfile.customData, 'base64').toString('utf8');
      expect(config, name).toBe(readFileSync(join(ctx.assetsDir, 'ignition', `${name}.ign`), 'utf8'));
      const file = join(work, `${name}.ign`);
      writeFileSync(file, config);
      const result = spawnSync(VALIDATOR, [file], { encoding: 'utf8' });
      expect({ status: result.status, output: result.stdout + result.stderr }, name).toEqual({ status: 0, output: '' });
    }
  });

  it('destroys everything of the cluster and leaves the public zone as it was; a second destroy deletes nothing', async () => {
    await destroyAll(azureDriver, ctx, plan);
    const left = arm.resources().filter((r) => r.id.toLowerCase().includes(`/resourcegroups/${RG}`.toLowerCase()) || marks(r.tags) !== undefined);
    expect(left).toEqual([]);
    expect(
      arm
        .resources()
        .map((r) => `${r.type} ${r.name}`)
        .sort(),
    ).toEqual(['Microsoft.Network/dnszones azure.example.com', 'Microsoft.Resources/resourceGroups dns']);
    expect(await azureDriver.sweep(ctx)).toEqual([]);
    expect(await destroyAll(azureDriver, ctx, plan)).toEqual({ deleted: [], swept: [] });
  });
});

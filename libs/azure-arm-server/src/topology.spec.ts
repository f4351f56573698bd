import type { VirtualMachine } from '@azure/arm-compute';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startArmServer, type ArmServer } from './index';
import { CUSTOM_DATA, FAST, idOf, sdkClients } from './spec-clients';

/** A cluster-shaped topology, written and read back through the SDKs. */
describe('a cluster topology through the SDK pollers', () => {
  let arm: ArmServer;
  let sdk: ReturnType<typeof sdkClients>;
  const rg = 'strata-a1b2';
  const id = (path: string) => idOf(arm, rg, path);

  beforeAll(async () => {
    arm = await startArmServer({ asyncDelayMs: 20 });
    sdk = sdkClients(arm);
    await sdk.resources.resourceGroups.createOrUpdate(rg, { location: 'eastus', tags: { 'strata.io_cluster': 'a1b2' } });
  });
  afterAll(() => arm.close());

  it('creates a VNet with subnets, an NSG with rules, a public IP, a load balancer, NICs and a VM', async () => {
    const nsg = await sdk.network.networkSecurityGroups.beginCreateOrUpdateAndWait(
      rg,
      'nsg-cp',
      {
        location: 'eastus',
        securityRules: [
          {
            name: 'api',
            protocol: 'Tcp',
            access: 'Allow',
            direction: 'Inbound',
            priority: 100,
            sourceAddressPrefix: '*',
            sourcePortRange: '*',
            destinationAddressPrefix: '*',
            destinationPortRange: '6443',
          },
        ],
      },
      FAST,
    );
    expect(nsg.provisioningState).toBe('Succeeded');
    expect(nsg.securityRules?.map((r) => r.name)).toEqual(['api']);
    expect(nsg.defaultSecurityRules).toHaveLength(6);

    const vnet = await sdk.network.virtualNetworks.beginCreateOrUpdateAndWait(
      rg,
      'vnet',
      {
        location: 'eastus',
        addressSpace: { addressPrefixes: ['10.0.0.0/16'] },
        subnets: [
          { name: 'control-plane', addressPrefix: '10.0.0.0/17', networkSecurityGroup: { id: nsg.id } },
          { name: 'worker', addressPrefix: '10.0.128.0/17' },
        ],
      },
      FAST,
    );
    expect(vnet.provisioningState).toBe('Succeeded');
    expect(vnet.subnets?.map((s) => [s.name, s.id, s.provisioningState])).toEqual([
      ['control-plane', id('Microsoft.Network/virtualNetworks/vnet/subnets/control-plane'), 'Succeeded'],
      ['worker', id('Microsoft.Network/virtualNetworks/vnet/subnets/worker'), 'Succeeded'],
    ]);

    const ip = await sdk.network.publicIPAddresses.beginCreateOrUpdateAndWait(
      rg,
      'api-ip',
      { location: 'eastus', sku: { name: 'Standard' }, publicIPAllocationMethod: 'Static', zones: ['1', '2', '3'] },
      FAST,
    );
    expect(ip.ipAddress).toMatch(/^\d+\.\d+\.\d+\.\d+$/);

    const lbId = id('Microsoft.Network/loadBalancers/api');
    const lb = await sdk.network.loadBalancers.beginCreateOrUpdateAndWait(
      rg,
      'api',
      {
        location: 'eastus',
        sku: { name: 'Standard' },
        frontendIPConfigurations: [{ name: 'public', publicIPAddress: { id: ip.id } }],
        backendAddressPools: [{ name: 'control-plane' }],
        probes: [{ name: 'api', protocol: 'Https', port: 6443, requestPath: '/readyz', intervalInSeconds: 5, numberOfProbes: 2 }],
        loadBalancingRules: [
          {
            name: 'api',
            protocol: 'Tcp',
            frontendPort: 6443,
            backendPort: 6443,
            frontendIPConfiguration: { id: `${lbId}/frontendIPConfigurations/public` },
            backendAddressPool: { id: `${lbId}/backendAddressPools/control-plane` },
            probe: { id: `${lbId}/probes/api` },
          },
        ],
      },
      FAST,
    );
    expect(lb.frontendIPConfigurations?.[0]?.id).toBe(`${lbId}/frontendIPConfigurations/public`);
    expect(lb.frontendIPConfigurations?.[0]?.loadBalancingRules).toEqual([{ id: `${lbId}/loadBalancingRules/api` }]);

    const nic = await sdk.network.networkInterfaces.beginCreateOrUpdateAndWait(
      rg,
      'cp-0-nic',
      {
        location: 'eastus',
        ipConfigurations: [
          { name: 'ipconfig', subnet: { id: vnet.subnets?.[0]?.id }, loadBalancerBackendAddressPools: [{ id: `${lbId}/backendAddressPools/control-plane` }] },
        ],
      },
      FAST,
    );
    expect(nic.ipConfigurations?.[0]?.privateIPAddress).toBe('10.0.0.4');

    const pool = await sdk.network.loadBalancerBackendAddressPools.get(rg, 'api', 'control-plane');
    expect(pool.backendIPConfigurations?.map((c) => c.id)).toEqual([`${nic.id}/ipConfigurations/ipconfig`]);
    const subnet = await sdk.network.subnets.get(rg, 'vnet', 'control-plane');
    expect(subnet.ipConfigurations?.map((c) => c.id)).toEqual([`${nic.id}/ipConfigurations/ipconfig`]);
    expect((await sdk.network.publicIPAddresses.get(rg, 'api-ip')).ipConfiguration?.id).toBe(`${lbId}/frontendIPConfigurations/public`);

    const vm: VirtualMachine = {
      location: 'eastus',
      zones: ['2'],
      tags: { 'strata.io_cluster': 'a1b2' },
      hardwareProfile: { vmSize: 'Standard_D4s_v5' },
      storageProfile: {
        imageReference: { publisher: 'kinvolk', offer: 'flatcar-container-linux-free', sku: 'stable-gen2', version: 'latest' },
        osDisk: { createOption: 'FromImage' },
      },
      osProfile: { computerName: 'cp-0', adminUsername: 'core', customData: CUSTOM_DATA, linuxConfiguration: { disablePasswordAuthentication: true } },
      networkProfile: { networkInterfaces: [{ id: nic.id, primary: true }] },
    };
    const created = await sdk.compute.virtualMachines.createOrUpdate(rg, 'cp-0', vm, FAST);
    expect(created).toMatchObject({ name: 'cp-0', provisioningState: 'Succeeded', zones: ['2'], hardwareProfile: { vmSize: 'Standard_D4s_v5' } });
    expect(created.vmId).toMatch(/^[0-9a-f-]{36}$/);
    const read = await sdk.compute.virtualMachines.get(rg, 'cp-0');
    expect(read.osProfile?.adminUsername).toBe('core');
    expect(read.osProfile?.customData).toBeUndefined();
    expect(JSON.stringify(arm.resources())).not.toContain(CUSTOM_DATA);
    expect((await sdk.network.networkInterfaces.get(rg, 'cp-0-nic')).virtualMachine?.id).toBe(read.id);
    const vmPut = arm.requestLog().find((e) => e.method === 'PUT' && e.path.endsWith('/virtualMachines/cp-0'));
    expect(vmPut).toMatchObject({ status: 201, apiVersion: '2026-03-01' });
  });

  it('lists a group resources and finds them by tag', async () => {
    const group = 'strata-listing';
    await sdk.resources.resourceGroups.createOrUpdate(group, { location: 'eastus', tags: { 'strata.io_cluster': 'c3d4' } });
    await sdk.network.virtualNetworks.beginCreateOrUpdateAndWait(
      group,
      'vnet',
      { location: 'eastus', addressSpace: { addressPrefixes: ['10.1.0.0/16'] }, subnets: [{ name: 'a', addressPrefix: '10.1.0.0/24' }] },
      FAST,
    );
    await sdk.network.networkSecurityGroups.beginCreateOrUpdateAndWait(group, 'nsg', { location: 'eastus', tags: { 'strata.io_cluster': 'c3d4' } }, FAST);
    await sdk.network.publicIPAddresses.beginCreateOrUpdateAndWait(
      group,
      'ip',
      { location: 'eastus', sku: { name: 'Standard' }, publicIPAllocationMethod: 'Static' },
      FAST,
    );
    const names: string[] = [];
    for await (const r of sdk.resources.resources.listByResourceGroup(group)) names.push(`${r.type}/${r.name}`);
    expect(names.sort()).toEqual([
      'Microsoft.Network/networkSecurityGroups/nsg',
      'Microsoft.Network/publicIPAddresses/ip',
      'Microsoft.Network/virtualNetworks/vnet',
    ]);
    const tagged: string[] = [];
    for await (const r of sdk.resources.resources.list({ filter: "tagName eq 'strata.io_cluster' and tagValue eq 'c3d4'" })) tagged.push(r.name ?? '');
    expect(tagged).toEqual(['nsg']);
    const groups: string[] = [];
    for await (const g of sdk.resources.resourceGroups.list({ filter: "tagName eq 'strata.io_cluster' and tagValue eq 'c3d4'" })) groups.push(g.name ?? '');
    expect(groups).toEqual([group]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startArmServer, type ArmServer } from './index';
import { FAST, armFetch, baseNetwork, sdkClients, vmOn, startWithClients, type SdkClients } from './spec-clients';

/** Calls `probe` every 20 ms until `done` holds of its answer (30 s at most). */
async function until<T>(probe: () => Promise<T>, done: (answer: T) => boolean): Promise<T> {
  for (const started = Date.now(); Date.now() - started < 30_000;) {
    const answer = await probe();
    if (done(answer)) return answer;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('gave up waiting');
}

describe('long-running operations', () => {
  let arm: ArmServer;
  let sdk: ReturnType<typeof sdkClients>;
  const sub = () => `/subscriptions/${arm.subscriptionId}`;

  beforeAll(async () => {
    // Long enough that the in-progress answers are seen even on a loaded machine.
    arm = await startArmServer({ asyncDelayMs: 1000 });
    sdk = sdkClients(arm);
  });
  afterAll(() => arm.close());

  it('answers a PUT in progress with Azure-AsyncOperation and Retry-After, then the status resource turns Succeeded', async () => {
    await sdk.resources.resourceGroups.createOrUpdate('rg-lro', { location: 'eastus' });
    const path = `${sub()}/resourceGroups/rg-lro/providers/Microsoft.Network/virtualNetworks/vnet?api-version=2025-05-01`;
    const put = await armFetch(arm, 'PUT', path, { location: 'eastus', properties: { addressSpace: { addressPrefixes: ['10.0.0.0/16'] } } });
    expect(put.status).toBe(201);
    expect(put.body?.['properties']?.provisioningState).toBe('Updating');
    const asyncUrl = put.headers.get('azure-asyncoperation') as string;
    expect(asyncUrl).toMatch(/\/providers\/Microsoft\.Network\/locations\/eastus\/operations\/[0-9a-f-]+\?api-version=2025-05-01$/);
    expect(put.headers.get('retry-after')).toBe('0');
    const status = await armFetch(arm, 'GET', asyncUrl.slice(arm.url.length));
    expect(status.body).toMatchObject({ status: 'InProgress' });
    const again = await armFetch(arm, 'PUT', path, { location: 'eastus', properties: { addressSpace: { addressPrefixes: ['10.0.0.0/16'] } } });
    expect(again.status).toBe(409);
    expect(again.body?.['error']?.code).toBe('AnotherOperationInProgress');
    const done = await until(
      () => armFetch(arm, 'GET', asyncUrl.slice(arm.url.length)),
      (answer) => answer.body?.['status'] !== 'InProgress',
    );
    expect(done.body).toMatchObject({ status: 'Succeeded', endTime: expect.any(String) });
    expect((await armFetch(arm, 'GET', path)).body?.['properties']?.provisioningState).toBe('Succeeded');
    const update = await armFetch(arm, 'PUT', path, { location: 'eastus', properties: { addressSpace: { addressPrefixes: ['10.0.0.0/16'] } } });
    expect(update.status).toBe(200);
  });

  it('answers a DELETE 202 with Location and Azure-AsyncOperation; the Location answers 202, then 204', async () => {
    await sdk.resources.resourceGroups.createOrUpdate('rg-del', { location: 'eastus' });
    await sdk.network.networkSecurityGroups.beginCreateOrUpdateAndWait('rg-del', 'nsg', { location: 'eastus' }, FAST);
    const deleted = await armFetch(
      arm,
      'DELETE',
      `${sub()}/resourceGroups/rg-del/providers/Microsoft.Network/networkSecurityGroups/nsg?api-version=2025-05-01`,
    );
    expect(deleted.status).toBe(202);
    expect(deleted.headers.get('azure-asyncoperation')).toContain('/operations/');
    const location = (deleted.headers.get('location') as string).slice(arm.url.length);
    expect(location).toContain('/operationResults/');
    expect((await armFetch(arm, 'GET', location)).status).toBe(202);
    expect((await sdk.network.networkSecurityGroups.get('rg-del', 'nsg')).provisioningState).toBe('Deleting');
    expect(
      (
        await until(
          () => armFetch(arm, 'GET', location),
          (answer) => answer.status !== 202,
        )
      ).status,
    ).toBe(204);
    await expect(sdk.network.networkSecurityGroups.get('rg-del', 'nsg')).rejects.toMatchObject({ statusCode: 404 });
  });

  it('completes the SDK pollers of create and delete', async () => {
    await sdk.resources.resourceGroups.createOrUpdate('rg-poll', { location: 'eastus' });
    const ip = await sdk.network.publicIPAddresses.beginCreateOrUpdateAndWait(
      'rg-poll',
      'ip',
      { location: 'eastus', sku: { name: 'Standard' }, publicIPAllocationMethod: 'Static' },
      FAST,
    );
    expect(ip.provisioningState).toBe('Succeeded');
    await sdk.network.publicIPAddresses.beginDeleteAndWait('rg-poll', 'ip', FAST);
    expect(arm.resources().some((r) => r.name === 'ip' && r.id.includes('rg-poll'))).toBe(false);
  });

  it('ends an operation Failed on demand: the poller rejects with its code, the resource is Failed', async () => {
    await sdk.resources.resourceGroups.createOrUpdate('rg-fail', { location: 'eastus' });
    arm.failNextOperation(1, { code: 'InternalServerError', message: 'An error occurred.' }, { pathIncludes: '/networkSecurityGroups/broken' });
    await expect(sdk.network.networkSecurityGroups.beginCreateOrUpdateAndWait('rg-fail', 'broken', { location: 'eastus' }, FAST)).rejects.toThrow(
      /long-running operation has failed\. InternalServerError\. An error occurred/,
    );
    expect((await sdk.network.networkSecurityGroups.get('rg-fail', 'broken')).provisioningState).toBe('Failed');
    const retried = await sdk.network.networkSecurityGroups.beginCreateOrUpdateAndWait('rg-fail', 'broken', { location: 'eastus' }, FAST);
    expect(retried.provisioningState).toBe('Succeeded');
  });
});

describe('resource group deletion', () => {
  let arm: ArmServer;
  let sdk: SdkClients;
  beforeAll(async () => ({ arm, sdk } = await startWithClients({ asyncDelayMs: 1000 })));
  afterAll(() => arm.close());

  it('cascades to every resource, users and used alike, and refuses writes while it runs', async () => {
    const { nic } = await baseNetwork(sdk, 'rg-cascade');
    await sdk.compute.virtualMachines.createOrUpdate('rg-cascade', 'vm', vmOn(nic.id as string), FAST);
    await sdk.resources.resourceGroups.createOrUpdate('rg-other', { location: 'eastus' });
    const poller = await sdk.resources.resourceGroups.beginDelete('rg-cascade', FAST);
    expect((await sdk.resources.resourceGroups.get('rg-cascade')).properties?.provisioningState).toBe('Deleting');
    await expect(sdk.network.networkSecurityGroups.beginCreateOrUpdateAndWait('rg-cascade', 'late', { location: 'eastus' }, FAST)).rejects.toMatchObject({
      statusCode: 409,
      code: 'ResourceGroupBeingDeleted',
    });
    await poller.pollUntilDone();
    expect(arm.resources().map((r) => r.name)).toEqual(['rg-other']);
    await expect(sdk.resources.resourceGroups.beginDeleteAndWait('rg-cascade', FAST)).rejects.toMatchObject({ statusCode: 404, code: 'ResourceGroupNotFound' });
  });
});

describe('in-use refusals and references', () => {
  let arm: ArmServer;
  let sdk: SdkClients;
  beforeAll(async () => ({ arm, sdk } = await startWithClients({ asyncDelayMs: 10 })));
  afterAll(() => arm.close());

  it('refuses to delete a subnet with NICs in it, also through a VNet PUT that drops it', async () => {
    const { subnetId } = await baseNetwork(sdk, 'rg-subnet');
    await expect(sdk.network.subnets.beginDeleteAndWait('rg-subnet', 'vnet', 'nodes', FAST)).rejects.toMatchObject({
      statusCode: 400,
      code: 'InUseSubnetCannotBeDeleted',
    });
    await expect(sdk.network.virtualNetworks.beginDeleteAndWait('rg-subnet', 'vnet', FAST)).rejects.toMatchObject({ code: 'InUseSubnetCannotBeDeleted' });
    await expect(
      sdk.network.virtualNetworks.beginCreateOrUpdateAndWait(
        'rg-subnet',
        'vnet',
        { location: 'eastus', addressSpace: { addressPrefixes: ['10.0.0.0/16'] } },
        FAST,
      ),
    ).rejects.toMatchObject({ code: 'InUseSubnetCannotBeDeleted' });
    expect((await sdk.network.subnets.get('rg-subnet', 'vnet', 'nodes')).id).toBe(subnetId);
    await sdk.network.networkInterfaces.beginDeleteAndWait('rg-subnet', 'nic-0', FAST);
    await sdk.network.subnets.beginDeleteAndWait('rg-subnet', 'vnet', 'nodes', FAST);
    expect((await sdk.network.virtualNetworks.get('rg-subnet', 'vnet')).subnets).toEqual([]);
  });

  it('refuses to delete a NIC attached to a VM, and a VM on a NIC another VM has', async () => {
    const { nic } = await baseNetwork(sdk, 'rg-nic');
    const vm = await sdk.compute.virtualMachines.createOrUpdate('rg-nic', 'vm-a', vmOn(nic.id as string), FAST);
    await expect(sdk.network.networkInterfaces.beginDeleteAndWait('rg-nic', 'nic-0', FAST)).rejects.toMatchObject({
      statusCode: 400,
      code: 'NicInUse',
      message: expect.stringContaining(vm.id as string),
    });
    await expect(sdk.compute.virtualMachines.createOrUpdate('rg-nic', 'vm-b', vmOn(nic.id as string), FAST)).rejects.toMatchObject({
      statusCode: 400,
      code: 'NicInUse',
    });
    await sdk.compute.virtualMachines.delete('rg-nic', 'vm-a', FAST);
    await sdk.network.networkInterfaces.beginDeleteAndWait('rg-nic', 'nic-0', FAST);
  });

  it('keeps a deleted VM NIC reserved when asked to (NicReservedForAnotherVm)', async () => {
    const reserving = await startArmServer({ asyncDelayMs: 10, nicReservationMs: 60_000 });
    try {
      const client = sdkClients(reserving);
      const { nic } = await baseNetwork(client, 'rg-reserved');
      await client.compute.virtualMachines.createOrUpdate('rg-reserved', 'vm-a', vmOn(nic.id as string), FAST);
      await client.compute.virtualMachines.delete('rg-reserved', 'vm-a', FAST);
      await expect(client.compute.virtualMachines.createOrUpdate('rg-reserved', 'vm-b', vmOn(nic.id as string), FAST)).rejects.toMatchObject({
        code: 'NicReservedForAnotherVm',
      });
      await client.compute.virtualMachines.createOrUpdate('rg-reserved', 'vm-a', vmOn(nic.id as string), FAST);
    } finally {
      await reserving.close();
    }
  });

  it('refuses to delete an NSG a subnet uses, a public IP a frontend uses, a load balancer whose pool has members', async () => {
    await sdk.resources.resourceGroups.createOrUpdate('rg-use', { location: 'eastus' });
    const nsg = await sdk.network.networkSecurityGroups.beginCreateOrUpdateAndWait('rg-use', 'nsg', { location: 'eastus' }, FAST);
    const vnet = await sdk.network.virtualNetworks.beginCreateOrUpdateAndWait(
      'rg-use',
      'vnet',
      {
        location: 'eastus',
        addressSpace: { addressPrefixes: ['10.0.0.0/16'] },
        subnets: [{ name: 's', addressPrefix: '10.0.1.0/24', networkSecurityGroup: { id: nsg.id } }],
      },
      FAST,
    );
    await expect(sdk.network.networkSecurityGroups.beginDeleteAndWait('rg-use', 'nsg', FAST)).rejects.toMatchObject({
      statusCode: 400,
      code: 'InUseNetworkSecurityGroupCannotBeDeleted',
    });
    expect((await sdk.network.networkSecurityGroups.get('rg-use', 'nsg')).subnets?.map((s) => s.id)).toEqual([vnet.subnets?.[0]?.id]);

    const ip = await sdk.network.publicIPAddresses.beginCreateOrUpdateAndWait(
      'rg-use',
      'ip',
      { location: 'eastus', sku: { name: 'Standard' }, publicIPAllocationMethod: 'Static' },
      FAST,
    );
    const lbId = `/subscriptions/${arm.subscriptionId}/resourceGroups/rg-use/providers/Microsoft.Network/loadBalancers/lb`;
    await sdk.network.loadBalancers.beginCreateOrUpdateAndWait(
      'rg-use',
      'lb',
      {
        location: 'eastus',
        sku: { name: 'Standard' },
        frontendIPConfigurations: [{ name: 'fe', publicIPAddress: { id: ip.id } }],
        backendAddressPools: [{ name: 'pool' }],
      },
      FAST,
    );
    await expect(sdk.network.publicIPAddresses.beginDeleteAndWait('rg-use', 'ip', FAST)).rejects.toMatchObject({
      statusCode: 400,
      code: 'PublicIPAddressCannotBeDeleted',
    });
    await expect(
      sdk.network.loadBalancers.beginCreateOrUpdateAndWait(
        'rg-use',
        'lb2',
        { location: 'eastus', sku: { name: 'Standard' }, frontendIPConfigurations: [{ name: 'fe', publicIPAddress: { id: ip.id } }] },
        FAST,
      ),
    ).rejects.toMatchObject({ statusCode: 400, code: 'PublicIPAddressInUse' });

    await sdk.network.networkInterfaces.beginCreateOrUpdateAndWait(
      'rg-use',
      'nic',
      {
        location: 'eastus',
        ipConfigurations: [
          { name: 'ip', subnet: { id: vnet.subnets?.[0]?.id }, loadBalancerBackendAddressPools: [{ id: `${lbId}/backendAddressPools/pool` }] },
        ],
      },
      FAST,
    );
    await expect(sdk.network.loadBalancers.beginDeleteAndWait('rg-use', 'lb', FAST)).rejects.toMatchObject({ statusCode: 400 });
    await sdk.network.networkInterfaces.beginDeleteAndWait('rg-use', 'nic', FAST);
    await sdk.network.loadBalancers.beginDeleteAndWait('rg-use', 'lb', FAST);
    await sdk.network.publicIPAddresses.beginDeleteAndWait('rg-use', 'ip', FAST);
  });

  it('validates references: a NIC subnet, a load balancer pool, a VM NIC', async () => {
    const { subnetId } = await baseNetwork(sdk, 'rg-refs');
    const missingSubnet = `${subnetId.slice(0, subnetId.lastIndexOf('/'))}/missing`;
    await expect(
      sdk.network.networkInterfaces.beginCreateOrUpdateAndWait(
        'rg-refs',
        'nic-x',
        { location: 'eastus', ipConfigurations: [{ name: 'ip', subnet: { id: missingSubnet } }] },
        FAST,
      ),
    ).rejects.toMatchObject({ statusCode: 400, code: 'InvalidResourceReference' });
    const missingPool = `/subscriptions/${arm.subscriptionId}/resourceGroups/rg-refs/providers/Microsoft.Network/loadBalancers/none/backendAddressPools/pool`;
    await expect(
      sdk.network.networkInterfaces.beginCreateOrUpdateAndWait(
        'rg-refs',
        'nic-y',
        { location: 'eastus', ipConfigurations: [{ name: 'ip', subnet: { id: subnetId }, loadBalancerBackendAddressPools: [{ id: missingPool }] }] },
        FAST,
      ),
    ).rejects.toMatchObject({ statusCode: 400, code: 'InvalidResourceReference' });
    const missingNic = `/subscriptions/${arm.subscriptionId}/resourceGroups/rg-refs/providers/Microsoft.Network/networkInterfaces/none`;
    await expect(sdk.compute.virtualMachines.createOrUpdate('rg-refs', 'vm', vmOn(missingNic), FAST)).rejects.toMatchObject({ statusCode: 400 });
  });

  it('refuses to build on a resource still being written (ReferencedResourceNotProvisioned)', async () => {
    const slow = await startArmServer({ asyncDelayMs: 1000 });
    try {
      const client = sdkClients(slow);
      await client.resources.resourceGroups.createOrUpdate('rg-slow', { location: 'eastus' });
      const poller = await client.network.virtualNetworks.beginCreateOrUpdate(
        'rg-slow',
        'vnet',
        {
          location: 'eastus',
          addressSpace: { addressPrefixes: ['10.0.0.0/16'] },
          subnets: [{ name: 'nodes', addressPrefix: '10.0.0.0/24' }],
        },
        FAST,
      );
      const subnetId = `/subscriptions/${slow.subscriptionId}/resourceGroups/rg-slow/providers/Microsoft.Network/virtualNetworks/vnet/subnets/nodes`;
      await expect(
        client.network.networkInterfaces.beginCreateOrUpdateAndWait(
          'rg-slow',
          'nic',
          { location: 'eastus', ipConfigurations: [{ name: 'ip', subnet: { id: subnetId } }] },
          FAST,
        ),
      ).rejects.toMatchObject({ statusCode: 400, code: 'ReferencedResourceNotProvisioned' });
      await poller.pollUntilDone();
      await client.network.networkInterfaces.beginCreateOrUpdateAndWait(
        'rg-slow',
        'nic',
        { location: 'eastus', ipConfigurations: [{ name: 'ip', subnet: { id: subnetId } }] },
        FAST,
      );
    } finally {
      await slow.close();
    }
  });

  it.each([
    ['outside the VNet', ['10.9.0.0/24'], 'NetcfgSubnetRangeOutsideVnet'],
    ['overlapping a sibling', ['10.0.0.0/24', '10.0.0.128/25'], 'NetcfgSubnetRangesOverlap'],
  ])('refuses a subnet %s', async (_case, prefixes, code) => {
    await sdk.resources.resourceGroups.createOrUpdate('rg-cidr', { location: 'eastus' });
    await expect(
      sdk.network.virtualNetworks.beginCreateOrUpdateAndWait(
        'rg-cidr',
        `vnet-${code}`,
        {
          location: 'eastus',
          addressSpace: { addressPrefixes: ['10.0.0.0/16'] },
          subnets: prefixes.map((addressPrefix, i) => ({ name: `s${i}`, addressPrefix })),
        },
        FAST,
      ),
    ).rejects.toMatchObject({ statusCode: 400, code });
  });
});

describe('what a VM leaves behind', () => {
  let arm: ArmServer;
  let sdk: SdkClients;
  beforeAll(async () => ({ arm, sdk } = await startWithClients({ asyncDelayMs: 10 })));
  afterAll(() => arm.close());

  const disksIn = async (group: string) => {
    const names: string[] = [];
    for await (const disk of sdk.compute.disks.listByResourceGroup(group)) names.push(`${disk.name}:${disk.diskState}`);
    return names;
  };

  it('keeps the OS disk and the NIC by default (deleteOption Detach), and refuses to delete the disk while attached', async () => {
    const { nic } = await baseNetwork(sdk, 'rg-leftovers');
    const vm = await sdk.compute.virtualMachines.createOrUpdate('rg-leftovers', 'vm', vmOn(nic.id as string), FAST);
    const diskName = vm.storageProfile?.osDisk?.name as string;
    expect(vm.storageProfile?.osDisk).toMatchObject({
      deleteOption: 'Detach',
      managedDisk: { id: expect.stringContaining(`/providers/Microsoft.Compute/disks/${diskName}`) },
    });
    expect(await disksIn('rg-leftovers')).toEqual([`${diskName}:Attached`]);
    await expect(sdk.compute.disks.delete('rg-leftovers', diskName, FAST)).rejects.toMatchObject({ statusCode: 409, code: 'OperationNotAllowed' });
    await sdk.compute.virtualMachines.delete('rg-leftovers', 'vm', FAST);
    expect(await disksIn('rg-leftovers')).toEqual([`${diskName}:Unattached`]);
    expect((await sdk.network.networkInterfaces.get('rg-leftovers', 'nic-0')).virtualMachine).toBeUndefined();
    await sdk.compute.disks.delete('rg-leftovers', diskName, FAST);
    expect(await disksIn('rg-leftovers')).toEqual([]);
  });

  it('deletes the OS disk and the NIC with the VM when their deleteOption says Delete', async () => {
    const { nic } = await baseNetwork(sdk, 'rg-tidy');
    const base = vmOn(nic.id as string);
    await sdk.compute.virtualMachines.createOrUpdate(
      'rg-tidy',
      'vm',
      {
        ...base,
        storageProfile: { ...base.storageProfile, osDisk: { createOption: 'FromImage', deleteOption: 'Delete' } },
        networkProfile: { networkInterfaces: [{ id: nic.id as string, deleteOption: 'Delete' }] },
      },
      FAST,
    );
    await sdk.compute.virtualMachines.delete('rg-tidy', 'vm', FAST);
    expect(await disksIn('rg-tidy')).toEqual([]);
    await expect(sdk.network.networkInterfaces.get('rg-tidy', 'nic-0')).rejects.toMatchObject({ statusCode: 404 });
  });
});

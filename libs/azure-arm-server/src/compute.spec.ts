import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArmServer } from './index';
import { FAST, armFetch, baseNetwork, vmOn, startWithClients, type SdkClients } from './spec-clients';

describe('compute: sizes, zones, quota and customData', () => {
  let arm: ArmServer;
  let sdk: SdkClients;
  beforeAll(async () => ({ arm, sdk } = await startWithClients({ asyncDelayMs: 10, zones: { westeurope: ['1', '2'] } })));
  afterAll(() => arm.close());

  it('lists locations with their availability zones', async () => {
    const { status, body } = await armFetch(arm, 'GET', `/subscriptions/${arm.subscriptionId}/locations?api-version=2022-12-01`);
    expect(status).toBe(200);
    const zones = Object.fromEntries(
      (body?.['value'] as { name: string; availabilityZoneMappings: { logicalZone: string }[] }[]).map((l) => [
        l.name,
        l.availabilityZoneMappings.map((m) => m.logicalZone),
      ]),
    );
    expect(zones).toEqual({ eastus: ['1', '2', '3'], westeurope: ['1', '2'] });
  });

  it('lists VM sizes per location with zones and vCPUs (resourceSkus)', async () => {
    const skus = [];
    for await (const sku of sdk.compute.resourceSkus.list({ filter: "location eq 'westeurope'" })) skus.push(sku);
    const d4 = skus.find((s) => s.name === 'Standard_D4s_v5');
    expect(d4).toMatchObject({ resourceType: 'virtualMachines', family: 'standardDSv5Family', locationInfo: [{ location: 'westeurope', zones: ['1', '2'] }] });
    expect(d4?.capabilities?.find((c) => c.name === 'vCPUs')?.value).toBe('4');
    expect(new Set(skus.map((s) => s.locations?.[0]))).toEqual(new Set(['westeurope']));
  });

  it('counts vCPUs in use against the regional and family quota (usage API)', async () => {
    const { nic } = await baseNetwork(sdk, 'rg-usage', 'westeurope');
    await sdk.compute.virtualMachines.createOrUpdate('rg-usage', 'vm', vmOn(nic.id as string, 'Standard_D4s_v5', 'westeurope'), FAST);
    arm.setQuota('westeurope', 'cores', 20);
    const usage = new Map<string, { currentValue?: number; limit?: number }>();
    for await (const u of sdk.compute.usage.list('westeurope')) usage.set(u.name.value ?? '', u);
    expect(usage.get('cores')).toMatchObject({ currentValue: 4, limit: 20 });
    expect(usage.get('standardDSv5Family')).toMatchObject({ currentValue: 4 });
    expect(usage.get('virtualMachines')).toMatchObject({ currentValue: 1 });
  });

  it.each([
    ['regional', 'cores', 'Total Regional Cores'],
    ['family', 'standardDSv5Family', 'standardDSv5Family'],
  ])('refuses a VM past the %s vCPU quota with 409 OperationNotAllowed', async (_case, quota, label) => {
    const group = `rg-quota-${quota}`;
    const { nic } = await baseNetwork(sdk, group);
    arm.setQuota('eastus', quota, 2);
    try {
      const error = await sdk.compute.virtualMachines.createOrUpdate(group, 'big', vmOn(nic.id as string, 'Standard_D4s_v5'), FAST).catch((e: unknown) => e);
      expect(error).toMatchObject({ statusCode: 409, code: 'OperationNotAllowed' });
      expect((error as Error).message).toContain(`exceeding approved ${label} quota`);
      expect((error as Error).message).toMatch(/Current Limit: 2, Current Usage: \d+, Additional Required: 4, \(Minimum\) New Limit Required: \d+/);
    } finally {
      arm.setQuota('eastus', quota, 2000);
    }
  });

  it('refuses a size not offered, and a zone the size is not offered in', async () => {
    const { nic } = await baseNetwork(sdk, 'rg-sku', 'westeurope');
    await expect(sdk.compute.virtualMachines.createOrUpdate('rg-sku', 'vm', vmOn(nic.id as string, 'Standard_Z99', 'westeurope'), FAST)).rejects.toMatchObject({
      statusCode: 400,
      code: 'InvalidParameter',
    });
    await expect(
      sdk.compute.virtualMachines.createOrUpdate('rg-sku', 'vm', { ...vmOn(nic.id as string, 'Standard_D2s_v5', 'westeurope'), zones: ['3'] }, FAST),
    ).rejects.toMatchObject({
      statusCode: 409,
      code: 'SkuNotAvailable',
    });
  });

  it('accepts customData up to 65,535 bytes, refuses more and refuses what is not base64', async () => {
    const { nic } = await baseNetwork(sdk, 'rg-custom');
    const at = (bytes: number) => Buffer.alloc(bytes, 7).toString('base64');
    const vm = (customData: string) => ({ ...vmOn(nic.id as string), osProfile: { adminUsername: 'core', customData } });
    await expect(sdk.compute.virtualMachines.createOrUpdate('rg-custom', 'vm', vm(at(65536)), FAST)).rejects.toMatchObject({
      statusCode: 400,
      code: 'InvalidParameter',
    });
    await expect(sdk.compute.virtualMachines.createOrUpdate('rg-custom', 'vm', vm('not base64!'), FAST)).rejects.toMatchObject({
      statusCode: 400,
      code: 'InvalidParameter',
    });
    const created = await sdk.compute.virtualMachines.createOrUpdate('rg-custom', 'vm', vm(at(65535)), FAST);
    expect(created.osProfile?.customData).toBeUndefined();
    const raw = await armFetch(
      arm,
      'GET',
      `/subscriptions/${arm.subscriptionId}/resourceGroups/rg-custom/providers/Microsoft.Compute/virtualMachines/vm?api-version=2026-03-01`,
    );
    expect(raw.body?.['properties']?.osProfile).not.toHaveProperty('customData');
  });

  it('refuses VM names Compute refuses', async () => {
    const { nic } = await baseNetwork(sdk, 'rg-vmname');
    for (const name of ['_vm', 'vm-', 'v'.repeat(65), 'vm.']) {
      await expect(sdk.compute.virtualMachines.createOrUpdate('rg-vmname', name, vmOn(nic.id as string), FAST)).rejects.toMatchObject({
        statusCode: 400,
        code: 'InvalidResourceName',
      });
    }
  });
});

import { ResourceManagementClient } from '@azure/arm-resources';
import { ClientSecretCredential } from '@azure/identity';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startArmServer, type ArmServer } from './index';

describe('resource groups through @azure/arm-resources', () => {
  let arm: ArmServer;
  let client: ResourceManagementClient;

  beforeAll(async () => {
    arm = await startArmServer();
    client = new ResourceManagementClient(arm.credential, arm.subscriptionId, {
      endpoint: arm.url,
      credentialScopes: ['https://management.azure.com/.default'],
    });
  });
  afterAll(() => arm.close());

  it('creates (201), reads, updates (200) and deletes a group through the SDK poller', async () => {
    const created = await client.resourceGroups.createOrUpdate('rg-one', { location: 'eastus', tags: { owner: 'strata' } });
    expect(created).toMatchObject({ name: 'rg-one', location: 'eastus', tags: { owner: 'strata' }, properties: { provisioningState: 'Succeeded' } });
    expect(arm.requestLog().at(-1)).toMatchObject({ method: 'PUT', status: 201, apiVersion: '2025-04-01' });
    await client.resourceGroups.createOrUpdate('rg-one', { location: 'eastus' });
    expect(arm.requestLog().at(-1)).toMatchObject({ method: 'PUT', status: 200 });
    expect((await client.resourceGroups.get('rg-one')).id).toBe(`/subscriptions/${arm.subscriptionId}/resourceGroups/rg-one`);
    expect((await client.resourceGroups.checkExistence('rg-one')).body).toBe(true);
    await client.resourceGroups.beginDeleteAndWait('rg-one', { updateIntervalInMs: 10 });
    expect((await client.resourceGroups.checkExistence('rg-one')).body).toBe(false);
    await expect(client.resourceGroups.get('rg-one')).rejects.toMatchObject({ statusCode: 404, code: 'ResourceGroupNotFound' });
  });
});

describe('the client credentials flow through @azure/identity', () => {
  let arm: ArmServer;
  beforeAll(async () => {
    arm = await startArmServer();
  });
  afterAll(() => arm.close());

  it('gets a token from the token endpoint and ARM accepts it', async () => {
    const credential = new ClientSecretCredential(arm.tenantId, arm.clientId, arm.clientSecret, {
      authorityHost: arm.authorityHost,
      disableInstanceDiscovery: true,
    });
    const client = new ResourceManagementClient(credential, arm.subscriptionId, { endpoint: arm.url });
    await client.resourceGroups.createOrUpdate('rg-token', { location: 'westeurope' });
    expect((await client.resourceGroups.get('rg-token')).location).toBe('westeurope');
  });

  it('refuses a wrong secret as Entra does (invalid_client)', async () => {
    const credential = new ClientSecretCredential(arm.tenantId, arm.clientId, 'wrong', { authorityHost: arm.authorityHost, disableInstanceDiscovery: true });
    await expect(credential.getToken('https://management.azure.com/.default')).rejects.toThrow(/AADSTS7000215/);
  });
});

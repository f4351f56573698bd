import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClientCertificateCredential } from '@azure/identity';
import { ResourceManagementClient } from '@azure/arm-resources';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startArmServer, type ArmServer } from './index';
import { FAST, baseNetwork, vmOn, startWithClients, type SdkClients } from './spec-clients';

describe('updates and preconditions', () => {
  let arm: ArmServer;
  let sdk: SdkClients;
  beforeAll(async () => ({ arm, sdk } = await startWithClients({ asyncDelayMs: 10 })));
  afterAll(() => arm.close());

  it('replaces tags through updateTags (PATCH) and keeps the rest, subnets included', async () => {
    await baseNetwork(sdk, 'rg-patch');
    const updated = await sdk.network.virtualNetworks.updateTags('rg-patch', 'vnet', { tags: { owner: 'strata' } });
    expect(updated.tags).toEqual({ owner: 'strata' });
    expect(updated.subnets?.map((s) => s.name)).toEqual(['nodes']);
    expect(arm.requestLog().at(-1)).toMatchObject({ method: 'PATCH', status: 200 });
    await expect(sdk.network.virtualNetworks.updateTags('rg-patch', 'vnet', { tags: { 'a/b': 'x' } })).rejects.toMatchObject({
      statusCode: 400,
      code: 'InvalidTagNameCharacters',
    });
  });

  it('updates a VM through PATCH as a long-running operation', async () => {
    const { nic } = await baseNetwork(sdk, 'rg-vm-patch');
    await sdk.compute.virtualMachines.createOrUpdate('rg-vm-patch', 'vm', vmOn(nic.id as string), FAST);
    const updated = await sdk.compute.virtualMachines.update('rg-vm-patch', 'vm', { hardwareProfile: { vmSize: 'Standard_D4s_v5' } }, FAST);
    expect(updated).toMatchObject({ provisioningState: 'Succeeded', hardwareProfile: { vmSize: 'Standard_D4s_v5' }, osProfile: { adminUsername: 'core' } });
    expect(updated.osProfile?.customData).toBeUndefined();
  });

  it('honours If-None-Match: * (create only) and If-Match (etag) with 412 PreconditionFailed', async () => {
    await sdk.resources.resourceGroups.createOrUpdate('rg-etag', { location: 'eastus' });
    await sdk.privateDns.privateZones.beginCreateOrUpdateAndWait('rg-etag', 'a.internal', { location: 'global' }, FAST);
    const first = await sdk.privateDns.recordSets.createOrUpdate(
      'rg-etag',
      'a.internal',
      'A',
      'api',
      { ttl: 60, aRecords: [{ ipv4Address: '10.0.0.4' }] },
      { ifNoneMatch: '*' },
    );
    await expect(
      sdk.privateDns.recordSets.createOrUpdate('rg-etag', 'a.internal', 'A', 'api', { ttl: 60, aRecords: [{ ipv4Address: '10.0.0.5' }] }, { ifNoneMatch: '*' }),
    ).rejects.toMatchObject({ statusCode: 412, code: 'PreconditionFailed' });
    await expect(
      sdk.privateDns.recordSets.createOrUpdate('rg-etag', 'a.internal', 'A', 'api', { ttl: 60, aRecords: [{ ipv4Address: '10.0.0.5' }] }, { ifMatch: 'stale' }),
    ).rejects.toMatchObject({ statusCode: 412 });
    const second = await sdk.privateDns.recordSets.createOrUpdate(
      'rg-etag',
      'a.internal',
      'A',
      'api',
      { ttl: 60, aRecords: [{ ipv4Address: '10.0.0.5' }] },
      { ifMatch: first.etag as string },
    );
    expect(second.aRecords).toEqual([{ ipv4Address: '10.0.0.5' }]);
    expect(second.etag).not.toBe(first.etag);
  });

  it('answers a VM instance view (GET …/instanceView and $expand=instanceView)', async () => {
    const { nic } = await baseNetwork(sdk, 'rg-view');
    await sdk.compute.virtualMachines.createOrUpdate('rg-view', 'vm', vmOn(nic.id as string), FAST);
    const view = await sdk.compute.virtualMachines.instanceView('rg-view', 'vm');
    expect(view.statuses?.map((s) => s.code)).toEqual(['ProvisioningState/succeeded', 'PowerState/running']);
    const expanded = await sdk.compute.virtualMachines.get('rg-view', 'vm', { expand: 'instanceView' });
    expect(expanded.instanceView?.statuses?.[1]?.code).toBe('PowerState/running');
  });
});

describe('the certificate credential', () => {
  let arm: ArmServer;
  let dir: string;
  beforeAll(async () => {
    arm = await startArmServer();
    dir = mkdtempSync(join(tmpdir(), 'arm-cert-'));
  });
  afterAll(async () => {
    await arm.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('gets a token with a client assertion (ClientCertificateCredential)', async () => {
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'key.pem', '-out', 'cert.pem', '-subj', '/CN=strata-sp', '-days', '1'],
      { cwd: dir, stdio: 'ignore' },
    );
    const pem = readFileSync(join(dir, 'key.pem'), 'utf8') + readFileSync(join(dir, 'cert.pem'), 'utf8');
    const credential = new ClientCertificateCredential(
      arm.tenantId,
      arm.clientId,
      { certificate: pem },
      { authorityHost: arm.authorityHost, disableInstanceDiscovery: true },
    );
    const client = new ResourceManagementClient(credential, arm.subscriptionId, { endpoint: arm.url });
    await client.resourceGroups.createOrUpdate('rg-cert', { location: 'eastus' });
    expect((await client.resourceGroups.get('rg-cert')).name).toBe('rg-cert');
  });
});

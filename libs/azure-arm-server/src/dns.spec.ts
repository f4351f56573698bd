import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArmServer } from './index';
import { FAST, startWithClients, type SdkClients } from './spec-clients';

describe('private and public DNS', () => {
  let arm: ArmServer;
  let sdk: SdkClients;
  beforeAll(async () => ({ arm, sdk } = await startWithClients({ asyncDelayMs: 10 })));
  afterAll(() => arm.close());

  it('creates a private zone, an A record and a VNet link; a second link of the same VNet conflicts; the zone is kept while linked', async () => {
    await sdk.resources.resourceGroups.createOrUpdate('rg-pdns', { location: 'eastus' });
    const vnet = await sdk.network.virtualNetworks.beginCreateOrUpdateAndWait(
      'rg-pdns',
      'vnet',
      { location: 'eastus', addressSpace: { addressPrefixes: ['10.0.0.0/16'] } },
      FAST,
    );
    const zone = await sdk.privateDns.privateZones.beginCreateOrUpdateAndWait('rg-pdns', 'a1b2.strata.internal', { location: 'global' }, FAST);
    expect(zone).toMatchObject({ name: 'a1b2.strata.internal', location: 'global', provisioningState: 'Succeeded', maxNumberOfRecordSets: 25000 });
    const record = await sdk.privateDns.recordSets.createOrUpdate('rg-pdns', 'a1b2.strata.internal', 'A', 'api-int', {
      ttl: 60,
      aRecords: [{ ipv4Address: '10.0.0.4' }],
    });
    expect(record).toMatchObject({
      name: 'api-int',
      type: 'Microsoft.Network/privateDnsZones/A',
      fqdn: 'api-int.a1b2.strata.internal.',
      ttl: 60,
      aRecords: [{ ipv4Address: '10.0.0.4' }],
    });
    const link = await sdk.privateDns.virtualNetworkLinks.beginCreateOrUpdateAndWait(
      'rg-pdns',
      'a1b2.strata.internal',
      'vnet-link',
      { location: 'global', virtualNetwork: { id: vnet.id }, registrationEnabled: false },
      FAST,
    );
    expect(link).toMatchObject({ provisioningState: 'Succeeded', virtualNetworkLinkState: 'Completed', virtualNetwork: { id: vnet.id } });
    await expect(
      sdk.privateDns.virtualNetworkLinks.beginCreateOrUpdateAndWait(
        'rg-pdns',
        'a1b2.strata.internal',
        'twin',
        { location: 'global', virtualNetwork: { id: vnet.id } },
        FAST,
      ),
    ).rejects.toMatchObject({ statusCode: 409, code: 'Conflict' });
    await expect(sdk.privateDns.privateZones.beginDeleteAndWait('rg-pdns', 'a1b2.strata.internal', FAST)).rejects.toMatchObject({ statusCode: 409 });
    expect((await sdk.privateDns.privateZones.get('rg-pdns', 'a1b2.strata.internal')).numberOfVirtualNetworkLinks).toBe(1);
    const records = [];
    for await (const r of sdk.privateDns.recordSets.list('rg-pdns', 'a1b2.strata.internal')) records.push(r.name);
    expect(records).toEqual(['api-int']);
    await sdk.privateDns.virtualNetworkLinks.beginDeleteAndWait('rg-pdns', 'a1b2.strata.internal', 'vnet-link', FAST);
    await sdk.privateDns.privateZones.beginDeleteAndWait('rg-pdns', 'a1b2.strata.internal', FAST);
    expect(arm.resources().filter((r) => r.type.startsWith('Microsoft.Network/privateDnsZones'))).toEqual([]);
    expect(arm.requestLog().find((e) => e.path.includes('privateDnsZones'))?.apiVersion).toBe('2020-06-01');
  });

  it('creates public records (A and CNAME) in a public zone; a CNAME cannot share a name', async () => {
    await sdk.resources.resourceGroups.createOrUpdate('rg-dns', { location: 'eastus' });
    const zone = await sdk.dns.zones.createOrUpdate('rg-dns', 'example.com', { location: 'global' });
    expect(zone.nameServers).toHaveLength(4);
    const a = await sdk.dns.recordSets.createOrUpdate('rg-dns', 'example.com', 'api.a1b2', 'A', { ttl: 300, aRecords: [{ ipv4Address: '203.0.113.10' }] });
    expect(a).toMatchObject({ fqdn: 'api.a1b2.example.com', aRecords: [{ ipv4Address: '203.0.113.10' }] });
    const cname = await sdk.dns.recordSets.createOrUpdate('rg-dns', 'example.com', 'console', 'CNAME', {
      ttl: 300,
      cnameRecord: { cname: 'api.a1b2.example.com' },
    });
    expect(cname.cnameRecord?.cname).toBe('api.a1b2.example.com');
    await expect(
      sdk.dns.recordSets.createOrUpdate('rg-dns', 'example.com', 'api.a1b2', 'CNAME', { ttl: 300, cnameRecord: { cname: 'x.example.com' } }),
    ).rejects.toMatchObject({
      statusCode: 409,
      code: 'Conflict',
    });
    await sdk.dns.recordSets.delete('rg-dns', 'example.com', 'api.a1b2', 'A');
    await expect(sdk.dns.recordSets.get('rg-dns', 'example.com', 'api.a1b2', 'A')).rejects.toMatchObject({ statusCode: 404 });
    await sdk.dns.zones.beginDeleteAndWait('rg-dns', 'example.com', FAST);
    expect(arm.requestLog().find((e) => e.path.includes('dnsZones'))?.apiVersion).toBe('2018-05-01');
  });
});

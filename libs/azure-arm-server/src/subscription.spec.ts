import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArmServer } from './index';
import { armFetch, startWithClients, type SdkClients } from './spec-clients';

/**
 * What an installer's credential check and its form's lookups read before there is a
 * cluster: the subscription (Subscriptions API 2022-12-01, `Subscriptions_Get`) and the
 * public DNS zones of the whole subscription (dns.json 2018-05-01, `Zones_List`).
 */
describe('subscription reads', () => {
  let arm: ArmServer;
  let sdk: SdkClients;
  beforeAll(async () => ({ arm, sdk } = await startWithClients({ asyncDelayMs: 5 })));
  afterAll(() => arm.close());

  it('reads the subscription with its tenant, display name and state', async () => {
    const { status, body } = await armFetch(arm, 'GET', `/subscriptions/${arm.subscriptionId}?api-version=2022-12-01`);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      id: `/subscriptions/${arm.subscriptionId}`,
      subscriptionId: arm.subscriptionId,
      tenantId: arm.tenantId,
      displayName: expect.any(String),
      state: 'Enabled',
      authorizationSource: 'RoleBased',
    });
  });

  it('answers 404 SubscriptionNotFound for a subscription the principal cannot see', async () => {
    const other = '99999999-0000-4000-8000-000000000009';
    const { status, body } = await armFetch(arm, 'GET', `/subscriptions/${other}?api-version=2022-12-01`);
    expect(status).toBe(404);
    expect(body?.['error']).toMatchObject({ code: 'SubscriptionNotFound', message: `The subscription '${other}' could not be found.` });
  });

  it('refuses an api-version the Subscriptions API does not have', async () => {
    const { status, body } = await armFetch(arm, 'GET', `/subscriptions/${arm.subscriptionId}?api-version=2099-01-01`);
    expect(status).toBe(400);
    expect((body?.['error'] as { code: string }).code).toBe('InvalidApiVersionParameter');
  });

  it('lists the public DNS zones of every resource group of the subscription', async () => {
    for (const [group, zone] of [
      ['dns-a', 'example.com'],
      ['dns-b', 'example.org'],
    ] as const) {
      await sdk.resources.resourceGroups.createOrUpdate(group, { location: 'westeurope' });
      await sdk.dns.zones.createOrUpdate(group, zone, { location: 'global' });
    }
    const zones = [];
    for await (const z of sdk.dns.zones.list()) zones.push(`${z.name} ${z.zoneType ?? 'Public'} ${z.id?.split('/')[4]}`);
    expect(zones.sort()).toEqual(['example.com Public dns-a', 'example.org Public dns-b']);
  });
});

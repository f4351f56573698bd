import { RestError } from '@azure/core-rest-pipeline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startArmServer, type ArmServer } from './index';
import { FAST, armFetch, sdkClients } from './spec-clients';

describe('ARM protocol rules', () => {
  let arm: ArmServer;
  let sdk: ReturnType<typeof sdkClients>;
  const sub = () => `/subscriptions/${arm.subscriptionId}`;

  beforeAll(async () => {
    arm = await startArmServer({ asyncDelayMs: 20 });
    sdk = sdkClients(arm);
  });
  afterAll(() => arm.close());

  it('requires a bearer token: 401 with the ARM error body and WWW-Authenticate', async () => {
    const missing = await fetch(`${arm.url}${sub()}/resourcegroups?api-version=2025-04-01`);
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toMatch(/^Bearer authorization_uri="https:\/\/127\.0\.0\.1:\d+\/[^"]+", error="invalid_token"/);
    expect(await missing.json()).toMatchObject({ error: { code: 'AuthenticationFailed' } });
    const forged = await fetch(`${arm.url}${sub()}/resourcegroups?api-version=2025-04-01`, { headers: { Authorization: 'Bearer a.b.c' } });
    expect(forged.status).toBe(401);
    expect(await forged.json()).toMatchObject({ error: { code: 'InvalidAuthenticationToken' } });
  });

  it('refuses tokens of another server instance', async () => {
    const other = await startArmServer();
    try {
      const { token } = await other.credential.getToken('https://management.azure.com/.default');
      const response = await fetch(`${arm.url}${sub()}/resourcegroups?api-version=2025-04-01`, { headers: { Authorization: `Bearer ${token}` } });
      expect(response.status).toBe(401);
    } finally {
      await other.close();
    }
  });

  it.each([
    ['missing', `/resourcegroups/rg`, 'MissingApiVersionParameter', /api-version query parameter/],
    ['unsupported on a resource group', `/resourcegroups/rg?api-version=2099-01-01`, 'InvalidApiVersionParameter', /The supported versions are '2025-04-01,/],
    [
      'unsupported on a provider type',
      `/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v?api-version=2099-01-01`,
      'NoRegisteredProviderFound',
      /The supported api-versions are '2025-05-01, /,
    ],
  ])('checks the api-version (%s)', async (_case, path, code, message) => {
    const { status, body } = await armFetch(arm, 'GET', `${sub()}${path}`);
    expect(status).toBe(400);
    expect(body?.['error']).toMatchObject({ code, message: expect.stringMatching(message) });
  });

  it('answers 404 ResourceGroupNotFound for anything under a missing group, 404 ResourceNotFound for a missing resource', async () => {
    await expect(sdk.network.virtualNetworks.get('nowhere', 'vnet')).rejects.toMatchObject({ statusCode: 404, code: 'ResourceGroupNotFound' });
    await expect(sdk.network.virtualNetworks.beginDeleteAndWait('nowhere', 'vnet', FAST)).rejects.toMatchObject({
      statusCode: 404,
      code: 'ResourceGroupNotFound',
    });
    await sdk.resources.resourceGroups.createOrUpdate('rg-404', { location: 'eastus' });
    await expect(sdk.network.virtualNetworks.get('rg-404', 'vnet')).rejects.toMatchObject({ statusCode: 404, code: 'ResourceNotFound' });
  });

  it('answers 204 to the DELETE of a resource that does not exist', async () => {
    await sdk.resources.resourceGroups.createOrUpdate('rg-204', { location: 'eastus' });
    await sdk.network.publicIPAddresses.beginDeleteAndWait('rg-204', 'never-made', FAST);
    expect(arm.requestLog().at(-1)).toMatchObject({ method: 'DELETE', status: 204 });
  });

  it.each([
    ['a VNet name of one character', 'virtualNetworks', 'v'],
    ['a VNet name ending in a period', 'virtualNetworks', 'vnet.'],
    ['a NIC name with a slash-free but invalid character', 'networkInterfaces', 'nic$'],
    ['an NSG name longer than 80 characters', 'networkSecurityGroups', 'n'.repeat(81)],
  ])('refuses %s with 400 InvalidResourceName', async (_case, type, name) => {
    await sdk.resources.resourceGroups.createOrUpdate('rg-names', { location: 'eastus' });
    const { status, body } = await armFetch(
      arm,
      'PUT',
      `${sub()}/resourceGroups/rg-names/providers/Microsoft.Network/${type}/${encodeURIComponent(name)}?api-version=2025-05-01`,
      {
        location: 'eastus',
        properties: {},
      },
    );
    expect(status).toBe(400);
    expect(body?.['error']?.code).toBe('InvalidResourceName');
  });

  it.each([
    ['a name with a slash', { 'strata.io/cluster': 'x' }, 'InvalidTagNameCharacters'],
    ['a name with a percent sign', { 'a%b': 'x' }, 'InvalidTagNameCharacters'],
    ['a name of 513 characters', { ['k'.repeat(513)]: 'x' }, 'InvalidTagNameLength'],
    ['a value of 257 characters', { k: 'v'.repeat(257) }, 'InvalidTagValueLength'],
    ['51 tags', Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`t${i}`, 'x'])), 'InvalidTagsCount'],
  ])('refuses tags with %s (400)', async (_case, tags, code) => {
    await expect(sdk.resources.resourceGroups.createOrUpdate('rg-tags', { location: 'eastus', tags })).rejects.toMatchObject({ statusCode: 400, code });
  });

  it('accepts 50 tags of the longest names and values', async () => {
    const tags = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`${i}`.padEnd(512, 'k'), 'v'.repeat(256)]));
    const group = await sdk.resources.resourceGroups.createOrUpdate('rg-tags-ok', { location: 'eastus', tags });
    expect(Object.keys(group.tags ?? {})).toHaveLength(50);
  });

  it('refuses a location it does not offer', async () => {
    await expect(sdk.resources.resourceGroups.createOrUpdate('rg-far', { location: 'antarctica' })).rejects.toMatchObject({
      statusCode: 400,
      code: 'LocationNotAvailableForResourceType',
    });
  });

  it('turns an ARM error body into a RestError with its code', async () => {
    arm.failNext(1, { status: 409, code: 'Conflict', message: 'injected' }, { method: 'PUT', pathIncludes: '/resourcegroups/rg-injected' });
    const error = await sdk.resources.resourceGroups.createOrUpdate('rg-injected', { location: 'eastus' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RestError);
    expect(error).toMatchObject({ statusCode: 409, code: 'Conflict', message: 'injected' });
    await expect(sdk.resources.resourceGroups.createOrUpdate('rg-injected', { location: 'eastus' })).resolves.toMatchObject({ name: 'rg-injected' });
  });

  it('throttles on demand with 429 and Retry-After, which the SDK retries', async () => {
    arm.throttleNext(2, { retryAfterSeconds: 1, method: 'PUT', pathIncludes: '/resourcegroups/rg-throttled' });
    const started = Date.now();
    await sdk.resources.resourceGroups.createOrUpdate('rg-throttled', { location: 'eastus' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
    const puts = arm.requestLog().filter((e) => e.method === 'PUT' && e.path.endsWith('/rg-throttled'));
    expect(puts.map((e) => e.status)).toEqual([429, 429, 201]);
    arm.throttleNext(1, { retryAfterSeconds: 7, pathIncludes: '/resourcegroups/rg-raw' });
    const raw = await armFetch(arm, 'GET', `${sub()}/resourcegroups/rg-raw?api-version=2025-04-01`);
    expect(raw.status).toBe(429);
    expect(raw.headers.get('retry-after')).toBe('7');
    expect(raw.body?.['error']?.code).toBe('TooManyRequests');
    expect(raw.headers.get('x-ms-error-code')).toBe('TooManyRequests');
  });

  it('throttles the polls of a long-running operation too, and the poller still completes', async () => {
    await sdk.resources.resourceGroups.createOrUpdate('rg-poll-429', { location: 'eastus' });
    arm.throttleNext(1, { retryAfterSeconds: 1, method: 'GET', pathIncludes: '/operations/' });
    const nsg = await sdk.network.networkSecurityGroups.beginCreateOrUpdateAndWait('rg-poll-429', 'nsg', { location: 'eastus' }, FAST);
    expect(nsg.provisioningState).toBe('Succeeded');
    expect(
      arm
        .requestLog()
        .filter((e) => e.path.includes('/operations/'))
        .map((e) => e.status),
    ).toContain(429);
  });

  it('pages lists with nextLink, which the SDK follows', async () => {
    const paged = await startArmServer({ pageSize: 2 });
    try {
      const client = sdkClients(paged);
      for (const n of [1, 2, 3, 4, 5]) await client.resources.resourceGroups.createOrUpdate(`rg-${n}`, { location: 'eastus' });
      const names: string[] = [];
      for await (const g of client.resources.resourceGroups.list()) names.push(g.name ?? '');
      expect(names).toEqual(['rg-1', 'rg-2', 'rg-3', 'rg-4', 'rg-5']);
      const first = await armFetch(paged, 'GET', `/subscriptions/${paged.subscriptionId}/resourcegroups?api-version=2025-04-01`);
      expect(first.body?.['value']).toHaveLength(2);
      expect(first.body?.['nextLink']).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/subscriptions\/.*(\$|%24)skiptoken=2/);
      expect(paged.requestLog().filter((e) => e.path.endsWith('/resourcegroups') && e.method === 'GET')).toHaveLength(4);
    } finally {
      await paged.close();
    }
  });
});

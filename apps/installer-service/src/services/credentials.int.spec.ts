import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endpointsAt, startMoto, type MotoServer } from '@strata/driver-aws/testing';
import { CredentialSummarySchema, type CredentialSummary } from '@strata/install-contract';
import { startTestService, type TestService } from '../testing/service-client';

const REGION = 'eu-central-1';
let moto: MotoServer;
let svc: TestService;

beforeAll(async () => {
  // moto checks signatures and IAM here: only its one user's key is accepted, as AWS would.
  moto = await startMoto({ authenticate: true });
  svc = await startTestService();
}, 180_000);
afterAll(async () => {
  await svc?.close();
  await moto?.stop();
});

const platformSettings = () => ({ region: REGION, endpoints: endpointsAt(moto.endpoint) });

describe('credentials against moto', () => {
  it('verifies an AWS access key with the provider, stores it sealed and never answers its secret', async () => {
    const user = moto.user!;
    const created = await svc.call<CredentialSummary>('POST', '/v1/credentials', {
      role: 'operator',
      body: {
        platform: 'aws',
        kind: 'access-key',
        name: 'ci',
        values: { accessKeyId: user.accessKeyId, secretAccessKey: user.secretAccessKey },
        platformSettings: platformSettings(),
      },
    });
    expect(created.status, created.text).toBe(201);
    const summary = CredentialSummarySchema.parse(created.body);
    expect(summary).toMatchObject({ platform: 'aws', kind: 'access-key', name: 'ci' });
    expect(summary.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(summary.identity.principal).toBe(user.arn);

    const listed = await svc.call('GET', '/v1/credentials', { role: 'viewer' });
    const verified = await svc.call('POST', `/v1/credentials/${summary.id}/verify`, { role: 'operator' });
    expect(verified.status, verified.text).toBe(200);
    for (const text of [created.text, listed.text, verified.text]) expect(text).not.toContain(user.secretAccessKey);

    const { store } = svc.service;
    const stored = await store.credentials.get(summary.id);
    expect(stored?.sealed).not.toContain(user.secretAccessKey);
    const audit = JSON.stringify(await store.audit.recent());
    expect(audit).not.toContain(user.secretAccessKey);

    const deleted = await svc.call('DELETE', `/v1/credentials/${summary.id}`, { role: 'operator' });
    expect(deleted.status).toBe(204);
    expect((await svc.call('GET', '/v1/credentials', { role: 'viewer' })).body['items']).toEqual([]);
  });

  it('stores nothing when the provider refuses the key, naming the field', async () => {
    const refused = await svc.call('POST', '/v1/credentials', {
      role: 'operator',
      body: {
        platform: 'aws',
        kind: 'access-key',
        name: 'wrong',
        values: { accessKeyId: moto.user!.accessKeyId, secretAccessKey: 'not-the-secret-0123456789' },
        platformSettings: platformSettings(),
      },
    });
    expect(refused.status).toBe(400);
    expect((refused.body['problems'] as { path: string }[]).map((p) => p.path)).toContainEqual(expect.stringMatching(/^values\./));
    expect(refused.text).not.toContain('not-the-secret-0123456789');
    expect((await svc.call('GET', '/v1/credentials', { role: 'viewer' })).body['items']).toEqual([]);
  });
});

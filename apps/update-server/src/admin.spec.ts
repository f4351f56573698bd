import { statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, payloadOf, type TestServer } from './testing/test-server';

describe('admin API', () => {
  let t: TestServer;

  beforeAll(async () => {
    t = await createTestServer('sqlite');
  });
  afterAll(() => t?.close());

  it('wants the bearer token the server wrote to its data directory (mode 0600)', async () => {
    expect(statSync(t.server.tokenFile).mode & 0o777).toBe(0o600);
    const none = await fetch(`${t.url}/v1/admin/status`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toContain('Bearer');
    const wrong = await fetch(`${t.url}/v1/admin/status`, { headers: { authorization: 'Bearer not-the-token-at-all' } });
    expect(wrong.status).toBe(401);
    const upload = await fetch(`${t.url}/v1/admin/packages?version=9.0.0`, { method: 'POST', body: payloadOf(10) });
    expect(upload.status).toBe(401);
    expect((await t.admin('GET', '/v1/admin/status')).status).toBe(200);
  });

  it('publishes a payload, computing size, SHA-1 and SHA-256, and refuses the same version twice', async () => {
    const body = await t.publish('3.0.0', payloadOf(2048, 3));
    expect(body['package']).toMatchObject({ version: '3.0.0', size: 2048 });
    const again = await fetch(`${t.url}/v1/admin/packages?version=3.0.0`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t.token}` },
      body: payloadOf(10),
    });
    expect(again.status).toBe(409);
    const empty = await fetch(`${t.url}/v1/admin/packages?version=3.0.1`, { method: 'POST', headers: { authorization: `Bearer ${t.token}` }, body: '' });
    expect(empty.status).toBe(400);
    const bad = await fetch(`${t.url}/v1/admin/packages?version=..%2Fevil`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t.token}` },
      body: payloadOf(10),
    });
    expect(bad.status).toBe(400);
  });

  it('names the unknown channel, group or version', async () => {
    const channel = await t.admin('POST', '/v1/admin/channels/nightly/promote', { version: '1.0.0' });
    expect(channel.status).toBe(404);
    expect(String(channel.body['message'])).toContain('unknown channel "nightly"');
    const version = await t.admin('POST', '/v1/admin/channels/stable/promote', { version: '7.7.7' });
    expect(version.status).toBe(404);
    expect(String(version.body['message'])).toContain('unknown version 7.7.7');
    const group = await t.admin('POST', '/v1/admin/groups/no-such-group/pause', {});
    expect(group.status).toBe(404);
    expect(String(group.body['message'])).toContain('unknown group "no-such-group"');
  });

  it('refuses a bad policy naming each field, and non-JSON bodies', async () => {
    const res = await t.admin('PUT', '/v1/admin/groups/stable/policy', { maxUpdatesPerPeriod: -1, timezone: 'Nowhere/Land' });
    expect(res.status).toBe(400);
    const problems = (res.body['problems'] as Array<{ path: string }>).map((p) => p.path);
    expect(problems).toEqual(expect.arrayContaining(['maxUpdatesPerPeriod', 'timezone']));
    const text = await fetch(`${t.url}/v1/admin/groups/stable/policy`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${t.token}`, 'content-type': 'text/plain' },
      body: 'x',
    });
    expect(text.status).toBe(415);
    const broken = await fetch(`${t.url}/v1/admin/groups/stable/policy`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${t.token}`, 'content-type': 'application/json' },
      body: '{',
    });
    expect(broken.status).toBe(400);
  });

  it('creates a group for a track on a channel, and reports it in the status', async () => {
    expect((await t.admin('PUT', '/v1/admin/groups/canary', { channel: 'alpha' })).status).toBe(200);
    await t.publish('4.0.0', payloadOf(100, 4), 'alpha');
    const answer = await t.check({ machineId: 'canary-1', track: 'canary', version: '1.0.0' });
    expect(answer.apps[0]!.updateCheck?.manifestVersion).toBe('4.0.0');
    const status = (await t.admin('GET', '/v1/admin/status')).body as {
      channels: Array<{ name: string; version: string | null }>;
      groups: Array<{ name: string; channel: string; byStatus: Record<string, number>; byVersion: Record<string, number> }>;
      activity: Array<{ kind: string }>;
    };
    expect(status.channels.find((c) => c.name === 'alpha')?.version).toBe('4.0.0');
    expect(status.groups.find((g) => g.name === 'canary')).toMatchObject({ channel: 'alpha', byStatus: { 'update-granted': 1 }, byVersion: { '1.0.0': 1 } });
    expect(status.activity.map((a) => a.kind)).toEqual(expect.arrayContaining(['package-published', 'channel-promoted', 'rollout-started']));
  });

  it('registers a payload hosted elsewhere: the update check points machines there', async () => {
    const sha1 = Buffer.alloc(20, 1).toString('base64');
    const sha256 = Buffer.alloc(32, 2).toString('base64');
    const bad = await t.admin('POST', '/v1/admin/packages', { version: '5.0.0', name: 'x.payload', url: 'ftp://nowhere', size: 0, sha1: 'x', sha256: sha256 });
    expect(bad.status).toBe(400);
    expect((bad.body['problems'] as Array<{ path: string }>).map((p) => p.path)).toEqual(['url', 'size', 'sha1']);
    expect((await t.admin('PUT', '/v1/admin/groups/mirror', { channel: 'beta' })).status).toBe(200);
    const ok = await t.admin('POST', '/v1/admin/packages', {
      version: '5.0.0',
      name: 'flatcar_production_update.gz',
      url: 'https://mirror.example.com/5.0.0/',
      size: 463715264,
      sha1,
      sha256,
      channel: 'beta',
    });
    expect(ok.status).toBe(201);
    const check = (await t.check({ machineId: 'mirror-1', track: 'mirror', version: '1.0.0' })).apps[0]!.updateCheck!;
    expect(check.urls).toEqual(['https://mirror.example.com/5.0.0/']);
    expect(check.packages[0]).toMatchObject({ name: 'flatcar_production_update.gz', size: 463715264, sha1Base64: sha1 });
    expect(check.postinstall?.sha256Base64).toBe(sha256);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FLATCAR_APP_ID, parseResponse, validateUpdateCheck } from '@strata/omaha';
import { DIALECTS } from '@strata/sql/testing';
import { FLATCAR_UPDATE_CHECK_REQUEST } from '@strata/omaha/fixtures';
import { createTestServer, newMachineId, payloadOf, type TestServer } from './testing/test-server';

const post = (t: TestServer, body: string, headers: Record<string, string> = {}) =>
  fetch(`${t.url}/v1/update/`, { method: 'POST', headers: { 'content-type': 'text/xml', ...headers }, body });

const requestXml = (app: string) => `<?xml version="1.0" encoding="UTF-8"?>
<request protocol="3.0" version="update_engine-0.4.10" installsource="scheduler">
 <os platform="CoreOS" version="Chateau" sp="1_x86_64"></os>
 ${app}
</request>`;

describe.each(DIALECTS)('Omaha protocol on %s', (dialect) => {
  let t: TestServer;
  const payload = payloadOf(4096, 7);

  beforeAll(async () => {
    t = await createTestServer(dialect);
    await t.publish('3510.3.0', payload, 'stable');
  });
  afterAll(() => t?.close());

  it('answers a real update_engine request with the channel package, as update_engine reads it', async () => {
    const res = await post(t, FLATCAR_UPDATE_CHECK_REQUEST);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('xml');
    const answer = parseResponse(await res.text());
    const app = answer.apps[0]!;
    expect(app.appId).toBe(FLATCAR_APP_ID);
    expect(app.status).toBe('ok');
    expect(app.eventAcks).toBe(1);
    expect(app.pingOk).toBe(true);
    const check = app.updateCheck!;
    expect(check.status).toBe('ok');
    expect(validateUpdateCheck(check)).toEqual([]);
    expect(check.manifestVersion).toBe('3510.3.0');
    expect(check.urls).toEqual([`${t.url}/v1/packages/3510.3.0/`]);
    const pkg = check.packages[0]!;
    const { createHash } = await import('node:crypto');
    expect(pkg).toMatchObject({ name: 'strata-usr-3510.3.0.payload', size: 4096, sha1Base64: createHash('sha1').update(payload).digest('base64') });
    expect(check.postinstall?.sha256Base64).toBe(createHash('sha256').update(payload).digest('base64'));
    // The codebase plus the name is a working download.
    const download = await fetch(`${check.urls[0]}${pkg.name}`);
    expect(Buffer.from(await download.arrayBuffer()).equals(payload)).toBe(true);
    const status = await t.admin('GET', '/v1/admin/instances/b3a4e2d5c6f748e9a0b1c2d3e4f5a6b7');
    expect(status.body['instance']).toMatchObject({ status: 'update-granted', version: '3510.2.0', oem: 'qemu', group: 'stable', grantedVersion: '3510.3.0' });
  });

  it('answers noupdate to a machine on the channel version, or newer', async () => {
    for (const version of ['3510.3.0', '3510.4.0']) {
      const answer = await t.check({ machineId: newMachineId(), version });
      expect(answer.apps[0]!.updateCheck).toEqual({ status: 'noupdate', urls: [], packages: [] });
    }
  });

  it('takes app ids with or without braces in any case, unknown attributes and unknown elements', async () => {
    for (const appId of ['E96281A6-D1AF-4BDE-9A0A-97B76E56DC57', '{E96281a6-d1af-4bde-9a0a-97b76e56dc57}', ' e96281a6-d1af-4bde-9a0a-97b76e56dc57 ']) {
      const res = await post(
        t,
        requestXml(
          `<app appid="${appId}" version="3510.2.0" track="stable" machineid="${newMachineId()}" futureattr="x" delta_okay="true"><updatecheck targetversionprefix=""></updatecheck><future/></app>`,
        ),
      );
      expect(res.status).toBe(200);
      const app = parseResponse(await res.text()).apps[0]!;
      expect(app.appId).toBe(appId.trim());
      expect(app.updateCheck?.status).toBe('ok');
    }
  });

  it('handles an update check and an event in one <app>, and non-semver versions', async () => {
    const machineId = newMachineId();
    const res = await post(
      t,
      requestXml(
        `<app appid="${FLATCAR_APP_ID}" version="dev-build-7" track="stable" machineid="${machineId}"><updatecheck></updatecheck><event eventtype="3" eventresult="2" previousversion="0.0.0.0"></event></app>`,
      ),
    );
    const app = parseResponse(await res.text()).apps[0]!;
    expect(app.eventAcks).toBe(1);
    // "dev-build-7" sorts after any numbered release: nothing newer to offer.
    expect(app.updateCheck?.status).toBe('noupdate');
    const older = await t.check({ machineId: newMachineId(), version: '1.0' });
    expect(older.apps[0]!.updateCheck?.status).toBe('ok');
  });

  it('answers a request without a machine id but records no instance', async () => {
    const before = (await t.admin('GET', '/v1/admin/status')).body as { groups: Array<{ name: string; instances: number }> };
    const answer = await t.check({ version: '3510.2.0' });
    expect(answer.apps[0]!.updateCheck?.status).toBe('ok');
    const empty = await post(t, requestXml(`<app appid="${FLATCAR_APP_ID}" version="3510.2.0" track="stable" machineid=""><updatecheck></updatecheck></app>`));
    expect(parseResponse(await empty.text()).apps[0]!.updateCheck?.status).toBe('ok');
    const after = (await t.admin('GET', '/v1/admin/status')).body as typeof before;
    expect(after.groups.find((g) => g.name === 'stable')!.instances).toBe(before.groups.find((g) => g.name === 'stable')!.instances);
  });

  it('answers noupdate for an unknown track and error-unknownApplication for an unknown app', async () => {
    expect((await t.check({ machineId: newMachineId(), track: 'nightly-canary' })).apps[0]!.updateCheck?.status).toBe('noupdate');
    const res = await post(t, requestXml(`<app appid="{00000000-0000-0000-0000-000000000000}" version="1.0.0" machineid="m"><updatecheck/></app>`));
    expect(res.status).toBe(200);
    expect(parseResponse(await res.text()).apps[0]!.status).toBe('error-unknownApplication');
  });

  it('refuses malformed XML with 400 and a clear message, never a 5xx', async () => {
    for (const body of [
      '<request protocol="3.0"><app',
      'not xml at all',
      '',
      '<response protocol="3.0"></response>',
      '<request protocol="2.0"><app appid="x"/></request>',
    ]) {
      const res = await post(t, body);
      expect(res.status, body).toBe(400);
      const error = (await res.json()) as { code: string; message: string };
      expect(error.code).toBe('input');
      expect(error.message.length).toBeGreaterThan(5);
    }
    const doctype = await post(t, '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "b">]><request protocol="3.0"><app appid="x" version="1"/></request>');
    expect(doctype.status).toBe(400);
    expect((await fetch(`${t.url}/v1/update/`)).status).toBe(404);
  });

  it('takes odd values without a 5xx: a huge machine id, NUL characters, long versions', async () => {
    const odd = [
      `<app appid="${FLATCAR_APP_ID}" version="1.0.0" track="stable" machineid="${'m'.repeat(4000)}"><updatecheck/></app>`,
      `<app appid="${FLATCAR_APP_ID}" version="1.0.0&#0;" track="st&#0;able" machineid="nul&#0;machine" oem="&#0;"><updatecheck/><event eventtype="3" eventresult="2" previousversion="&#0;x"/></app>`,
      `<app appid="${FLATCAR_APP_ID}" version="${'9'.repeat(3000)}" track="${'t'.repeat(3000)}" machineid="long-values"><updatecheck/><event eventtype="99999999999" eventresult="-5" errorcode="99999999999999"/></app>`,
    ];
    for (const app of odd) {
      const res = await post(t, requestXml(app));
      expect(res.status, app.slice(0, 80)).toBeLessThan(500);
    }
  });

  it('refuses a body over 64 KiB with 413', async () => {
    const big = requestXml(`<app appid="${FLATCAR_APP_ID}" version="1.0.0" machineid="m" pad="${'x'.repeat(70 * 1024)}"><updatecheck/></app>`);
    const res = await post(t, big);
    expect(res.status).toBe(413);
    expect(((await res.json()) as { code: string }).code).toBe('too-large');
  });
});

import { describe, expect, it } from 'vitest';
import {
  EVENT,
  FLATCAR_APP_ID,
  OmahaParseError,
  decodeErrorCode,
  encodeRequest,
  encodeResponse,
  errorCodeName,
  normalizeAppId,
  parseRequest,
  parseResponse,
  payloadUrls,
  validateUpdateCheck,
  type OmahaRequest,
  type OmahaResponse,
} from './index';
import { FLATCAR_ERROR_EVENT_REQUEST, FLATCAR_UPDATE_CHECK_REQUEST, NEBRASKA_UPDATE_RESPONSE } from './fixtures';

function first<T>(items: T[]): T {
  expect(items.length).toBeGreaterThan(0);
  return items[0] as T;
}

describe('parseRequest', () => {
  it('reads an update check with ping and the post-reboot event as update_engine sends it', () => {
    const req = parseRequest(FLATCAR_UPDATE_CHECK_REQUEST);
    expect(req.installSource).toBe('scheduler');
    expect(req.version).toBe('update_engine-0.4.10');
    expect(req.os).toEqual({ platform: 'CoreOS', version: 'Chateau', sp: '3510.2.0_x86_64', arch: undefined });
    expect(req.apps).toHaveLength(1);
    const app = first(req.apps);
    expect(app).toMatchObject({
      appId: FLATCAR_APP_ID,
      version: '3510.2.0',
      track: 'stable',
      bootId: '{7c4b8d6e-4b43-4a3a-9bf1-0e4a5d0c52a1}',
      machineId: 'b3a4e2d5c6f748e9a0b1c2d3e4f5a6b7',
      oem: 'qemu',
      updateCheck: true,
      ping: true,
      events: [{ type: 3, result: 2, previousVersion: '0.0.0.0' }],
    });
    expect(app.extra).toMatchObject({ board: 'amd64-usr', alephversion: '3510.2.0', delta_okay: 'false' });
  });

  it('reads an error event and its flagged error code', () => {
    const app = first(parseRequest(FLATCAR_ERROR_EVENT_REQUEST).apps);
    expect(app.updateCheck).toBe(false);
    expect(app.events).toEqual([{ type: 3, result: 0, errorCode: 268435466 }]);
    expect(decodeErrorCode(first(app.events).errorCode!)).toEqual({ code: 10, flags: ['testOmahaUrl'] });
  });

  it.each([
    [
      'unknown attributes and elements',
      '<request protocol="3.0" foo="1"><bar/><app appid="x" version="1" zz="9"><updatecheck targetversionprefix="1."/></app></request>',
    ],
    ['self-closing children', '<request protocol="3.0"><app appid="x" version="1"><updatecheck/><ping/></app></request>'],
    ['no XML declaration and no protocol attribute', '<request><app appid="x" version="1"><updatecheck></updatecheck></app></request>'],
  ])('tolerates %s', (_name, xml) => {
    const app = first(parseRequest(xml).apps);
    expect(app.appId).toBe('x');
    expect(app.updateCheck).toBe(true);
  });

  it('keeps an updatecheck and events in one app, a non-semver version and no machine id', () => {
    const app = first(
      parseRequest(
        '<request protocol="3.0"><app appid="{E96281A6-D1AF-4BDE-9A0A-97B76E56DC57}" version="2024.01-rc1+local" machineid=""><updatecheck/><event eventtype="13" eventresult="1"/><event eventtype="14" eventresult="1"/></app></request>',
      ).apps,
    );
    expect(app.version).toBe('2024.01-rc1+local');
    expect(app.machineId).toBeUndefined();
    expect(app.updateCheck).toBe(true);
    expect(app.events).toEqual([EVENT.downloadStarted, EVENT.downloadFinished]);
    expect(normalizeAppId(app.appId)).toBe(normalizeAppId(FLATCAR_APP_ID));
  });

  it('skips an event without a type instead of refusing the request', () => {
    const app = first(parseRequest('<request protocol="3.0"><app appid="x" version="1"><event eventresult="1"/></app></request>').apps);
    expect(app.events).toEqual([]);
  });

  it.each([
    ['an empty body', '', /empty body/],
    ['malformed XML', '<request protocol="3.0"><app appid="x"></request>', /malformed XML at line 1/],
    ['another root', '<response protocol="3.0"/>', /expected a <request> root element, found <response>/],
    ['no app', '<request protocol="3.0"></request>', /has no <app>/],
    ['an app without appid', '<request protocol="3.0"><app version="1"/></request>', /<app> number 1 has no appid/],
    ['protocol 2.0', '<request protocol="2.0"><app appid="x"/></request>', /unsupported Omaha protocol "2.0"/],
    ['a DOCTYPE', '<!DOCTYPE r [<!ENTITY a "aaaa">]><request><app appid="&a;"/></request>', /DOCTYPE is not allowed/],
  ])('refuses %s with OmahaParseError', (_name, xml, message) => {
    expect(() => parseRequest(xml)).toThrow(OmahaParseError);
    expect(() => parseRequest(xml)).toThrow(message);
  });
});

describe('encodeRequest', () => {
  const request: OmahaRequest = {
    protocol: '3.0',
    version: 'strata-update-engine-1',
    installSource: 'scheduler',
    os: { platform: 'CoreOS', version: 'Chateau', sp: '1.0.0_x86_64' },
    apps: [
      {
        appId: FLATCAR_APP_ID,
        version: '1.0.0',
        track: 'stable',
        bootId: 'boot-1',
        machineId: 'm-1',
        oem: 'strata-local',
        updateCheck: true,
        ping: true,
        events: [
          { ...EVENT.error, errorCode: 44 },
          { ...EVENT.rebooted, previousVersion: '0.9.<0>' },
        ],
        extra: { board: 'amd64-usr' },
      },
    ],
  };

  it('round-trips through parseRequest, escaping attribute values', () => {
    const xml = encodeRequest(request);
    expect(xml).toContain('<event eventtype="3" eventresult="0" errorcode="44"></event>');
    expect(xml).toContain('previousversion="0.9.&lt;0&gt;"');
    expect(parseRequest(xml)).toEqual({ ...request, os: { ...request.os, arch: undefined } });
  });
});

describe('parseResponse', () => {
  it('reads Nebraska’s update response', () => {
    const res = parseResponse(NEBRASKA_UPDATE_RESPONSE);
    expect(res.server).toBe('nebraska');
    expect(res.daystart).toEqual({ elapsedSeconds: 0 });
    const app = first(res.apps);
    expect(app).toMatchObject({ appId: FLATCAR_APP_ID, status: 'ok', eventAcks: 1, pingOk: true });
    expect(app.updateCheck).toEqual({
      status: 'ok',
      urls: ['https://update.release.flatcar-linux.net/amd64-usr/3510.2.1/'],
      manifestVersion: '3510.2.1',
      packages: [
        {
          name: 'flatcar_production_update.gz',
          size: 463715264,
          sha1Base64: 'fE3c8Ikj2dZdTXHDsSpsc7n1tV8=',
          sha256Base64: 'bL5U+yo3VD4sN3kM3D2PfB0ycv2fHMnYDNbU5y9sCQk=',
          required: true,
        },
      ],
      postinstall: {
        sha256Base64: 'bL5U+yo3VD4sN3kM3D2PfB0ycv2fHMnYDNbU5y9sCQk=',
        needsAdmin: false,
        isDelta: false,
        disablePayloadBackoff: true,
        metadataSize: 0,
      },
    });
    expect(validateUpdateCheck(app.updateCheck!)).toEqual([]);
    expect(payloadUrls(app.updateCheck!)).toEqual(['https://update.release.flatcar-linux.net/amd64-usr/3510.2.1/flatcar_production_update.gz']);
  });

  it('says what update_engine would refuse in an ok update check', () => {
    const res = parseResponse(
      '<response protocol="3.0" server="x"><app appid="a" status="ok"><updatecheck status="ok"><manifest version="2"><packages><package name="p" size="0"/></packages></manifest></updatecheck></app></response>',
    );
    expect(validateUpdateCheck(first(res.apps).updateCheck!)).toEqual([
      'no <url codebase> in <urls>',
      'the package has an invalid size 0',
      'no postinstall <action>',
    ]);
  });
});

describe('encodeResponse', () => {
  it('round-trips an update and a noupdate', () => {
    const res: OmahaResponse = {
      protocol: '3.0',
      server: 'strata-update-server',
      daystart: { elapsedSeconds: 3600 },
      apps: [
        {
          appId: FLATCAR_APP_ID,
          status: 'ok',
          eventAcks: 2,
          pingOk: true,
          updateCheck: {
            status: 'ok',
            urls: ['http://127.0.0.1:8600/v1/payloads/abc/'],
            manifestVersion: '1.1.0',
            packages: [{ name: 'update.gz', size: 10, sha1Base64: 'c2hhMQ==', sha256Base64: 'c2hhMjU2', required: true }],
            postinstall: { sha256Base64: 'c2hhMjU2', needsAdmin: false, isDelta: false, disablePayloadBackoff: true },
          },
        },
        { appId: 'other', status: 'ok', eventAcks: 0, updateCheck: { status: 'noupdate', urls: [], packages: [] } },
      ],
    };
    const xml = encodeResponse(res);
    expect(xml).toContain('<updatecheck status="noupdate"></updatecheck>');
    expect(parseResponse(xml)).toEqual(res);
  });
});

describe('decodeErrorCode', () => {
  it.each([
    [44, 44, []],
    [0x10000000 | 44, 44, ['testOmahaUrl']],
    [-2147483648 | 0x40000000 | 10, 10, ['devMode', 'resumed']],
    [0x20000000 | 2404, 2404, ['testImage']],
  ])('splits %d into code %d and flags %j', (raw, code, flags) => {
    expect(decodeErrorCode(raw)).toEqual({ code, flags });
  });

  it('names codes, including HTTP failures', () => {
    expect(errorCodeName(44)).toBe('rollbackError');
    expect(errorCodeName(0x10000000 | 10)).toBe('payloadHashMismatchError');
    expect(errorCodeName(2404)).toBe('omahaRequestHttpResponse404');
    expect(errorCodeName(77)).toBeUndefined();
  });
});

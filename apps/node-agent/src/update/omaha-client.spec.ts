import { describe, expect, it } from 'vitest';
import { OS_APP_ID } from '@strata/bootstrap';
import { encodeResponse, parseRequest } from '@strata/omaha';
import { NEBRASKA_UPDATE_RESPONSE } from '@strata/omaha/fixtures';
import { ERROR_CODE, UpdateFailure } from './error-codes';
import { encodeOmahaRequest, OMAHA_EVENT, parseOmahaResponse } from './omaha-client';

describe('the update engine speaks Omaha v3', () => {
  it('sends what update_engine sends: app id, version, track, machine and boot ids, ping, updatecheck and events', () => {
    const xml = encodeOmahaRequest({
      version: '4230.2.3',
      track: 'stable',
      machineId: 'c0ffee00c0ffee00c0ffee00c0ffee00',
      bootId: '6f9b0c7e-6b2a-4f7e-9d7a-1c2b3d4e5f60',
      updateCheck: true,
      ping: true,
      events: [{ type: OMAHA_EVENT.typeUpdateComplete, result: OMAHA_EVENT.resultSuccessReboot, previousVersion: '4152.2.1' }],
    });
    const request = parseRequest(xml);
    expect(request.os).toMatchObject({ platform: 'CoreOS', sp: '4230.2.3_x86_64' });
    expect(request.apps).toEqual([
      expect.objectContaining({
        appId: OS_APP_ID,
        version: '4230.2.3',
        track: 'stable',
        machineId: 'c0ffee00c0ffee00c0ffee00c0ffee00',
        bootId: '{6f9b0c7e-6b2a-4f7e-9d7a-1c2b3d4e5f60}',
        updateCheck: true,
        ping: true,
        events: [{ type: 3, result: 2, previousVersion: '4152.2.1' }],
      }),
    ]);
  });

  it("reads Nebraska's real answer into the update to download", () => {
    expect(parseOmahaResponse(NEBRASKA_UPDATE_RESPONSE)).toEqual({
      version: '3510.2.1',
      urls: ['https://update.release.flatcar-linux.net/amd64-usr/3510.2.1/'],
      name: 'flatcar_production_update.gz',
      size: 463715264,
      sha1: 'fE3c8Ikj2dZdTXHDsSpsc7n1tV8=',
      sha256: 'bL5U+yo3VD4sN3kM3D2PfB0ycv2fHMnYDNbU5y9sCQk=',
    });
  });

  it('reads noupdate as no update', () => {
    const xml = encodeResponse({
      protocol: '3.0',
      server: 'strata',
      apps: [{ appId: OS_APP_ID, status: 'ok', updateCheck: { status: 'noupdate', urls: [], packages: [] }, eventAcks: 0 }],
    });
    expect(parseOmahaResponse(xml)).toBeNull();
  });

  it('refuses with error 34 what update_engine refuses: no postinstall hash, an app error, not a response', () => {
    const noPostinstall = encodeResponse({
      protocol: '3.0',
      server: 'strata',
      apps: [
        {
          appId: OS_APP_ID,
          status: 'ok',
          updateCheck: {
            status: 'ok',
            urls: ['http://127.0.0.1:8600/v1/packages/'],
            manifestVersion: '2',
            packages: [{ name: 'p', size: 10, sha1Base64: 'x', sha256Base64: 'y' }],
          },
          eventAcks: 0,
        },
      ],
    });
    const unknownApp = encodeResponse({ protocol: '3.0', server: 'strata', apps: [{ appId: OS_APP_ID, status: 'error-unknownApplication', eventAcks: 0 }] });
    for (const [xml, reason] of [
      [noPostinstall, /no postinstall/],
      [unknownApp, /app status error-unknownApplication/],
      ['<html>busy</html>', /not a valid <response>/],
    ] as const) {
      const error = (() => {
        try {
          parseOmahaResponse(xml);
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      expect(error).toBeInstanceOf(UpdateFailure);
      expect((error as UpdateFailure).code).toBe(ERROR_CODE.omahaResponseInvalid);
      expect((error as UpdateFailure).message).toMatch(reason);
    }
  });
});

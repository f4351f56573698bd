import { OS_APP_ID } from '@strata/bootstrap';
import { encodeRequest, EVENT_RESULT, EVENT_TYPE, normalizeAppId, parseResponse, validateUpdateCheck, type OmahaEvent } from '@strata/omaha';
import { ERROR_CODE, UpdateFailure } from './error-codes';

/**
 * The client half of Omaha v3 as Flatcar's update_engine speaks it
 * (`omaha_request_action.cc`; https://github.com/google/omaha/blob/main/doc/ServerProtocolV3.md):
 * one `<app>` with the running version, track, machine and boot ids, a `<ping>`, an
 * `<updatecheck>` and any `<event>`s.
 */

/** Event types and results of update_engine's `OmahaEvent`. */
export const OMAHA_EVENT = {
  typeUpdateComplete: EVENT_TYPE.updateComplete,
  typeUpdateDownloadStarted: EVENT_TYPE.updateDownloadStarted,
  typeUpdateDownloadFinished: EVENT_TYPE.updateDownloadFinished,
  resultError: EVENT_RESULT.error,
  resultSuccess: EVENT_RESULT.success,
  resultSuccessReboot: EVENT_RESULT.successReboot,
} as const;

export type { OmahaEvent };

export interface OmahaRequestInput {
  version: string;
  track: string;
  machineId: string;
  bootId: string;
  updateCheck: boolean;
  ping: boolean;
  events: OmahaEvent[];
}

/** An offered update, from `<updatecheck status="ok">`. */
export interface OmahaUpdate {
  version: string;
  /** Base URLs (`<url codebase>`), each ending in `/`. */
  urls: string[];
  name: string;
  size: number;
  /** Base64 SHA-1 of the package (`<package hash>`). */
  sha1: string;
  /** Base64 SHA-256 of the package (`<action event="postinstall" sha256>`), the hash update_engine verifies. */
  sha256: string;
}

/** The request document, as update_engine writes it. */
export function encodeOmahaRequest(input: OmahaRequestInput): string {
  return encodeRequest({
    protocol: '3.0',
    version: 'update_engine-0.4.10',
    installSource: 'scheduler',
    os: { version: 'Chateau', platform: 'CoreOS', sp: `${input.version}_x86_64` },
    apps: [
      {
        appId: OS_APP_ID,
        version: input.version,
        track: input.track,
        bootId: `{${input.bootId}}`,
        oem: '',
        machineId: input.machineId,
        updateCheck: input.updateCheck,
        ping: input.ping,
        events: input.events,
        extra: { oemversion: '', alephversion: input.version, lang: 'en-US', board: 'amd64-usr', hardware_class: '', delta_okay: 'false' },
      },
    ],
  });
}

/**
 * The update a response offers, or null for `noupdate`.
 * @throws UpdateFailure 34 (kActionCodeOmahaResponseInvalid) for a document that is not an
 *   Omaha response, an app status other than ok, or an `ok` update check update_engine would
 *   refuse (no URL, package, size, manifest version or postinstall hash).
 */
export function parseOmahaResponse(xml: string): OmahaUpdate | null {
  let response;
  try {
    response = parseResponse(xml);
  } catch (error) {
    throw new UpdateFailure(ERROR_CODE.omahaResponseInvalid, `the Omaha answer is not a valid <response>: ${(error as Error).message}`, { cause: error });
  }
  const app = response.apps.find((a) => normalizeAppId(a.appId) === normalizeAppId(OS_APP_ID)) ?? response.apps[0];
  if (!app) throw new UpdateFailure(ERROR_CODE.omahaResponseInvalid, 'the Omaha answer has no <app>');
  if (app.status !== 'ok') throw new UpdateFailure(ERROR_CODE.omahaResponseInvalid, `the Omaha server answered app status ${app.status}`);
  const check = app.updateCheck;
  if (!check || check.status === 'noupdate') return null;
  const problems = validateUpdateCheck(check);
  if (!check.manifestVersion) problems.push('no <manifest version>');
  const pkg = check.packages[0];
  if (pkg && !pkg.sha1Base64) problems.push('the package has no hash');
  if (problems.length > 0 || !pkg || !check.manifestVersion || !check.postinstall) {
    throw new UpdateFailure(ERROR_CODE.omahaResponseInvalid, `the Omaha update check cannot be used: ${problems.join('; ')}`);
  }
  return {
    version: check.manifestVersion,
    urls: check.urls.map((u) => (u.endsWith('/') ? u : `${u}/`)),
    name: pkg.name,
    size: pkg.size,
    sha1: pkg.sha1Base64,
    sha256: check.postinstall.sha256Base64,
  };
}

/**
 * Posts one request.
 * @throws UpdateFailure 2 (kActionCodeOmahaRequestError) when the server cannot be reached or
 *   answers with an HTTP error (update_engine reports 2000 + status for the latter).
 */
export async function postOmaha(server: string, body: string, timeoutMs = 30_000): Promise<string> {
  let res: Response;
  try {
    res = await fetch(server, { method: 'POST', headers: { 'content-type': 'text/xml' }, body, signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    throw new UpdateFailure(ERROR_CODE.omahaRequestError, `the update server ${server} did not answer: ${(error as Error).message}`, { cause: error });
  }
  const text = await res.text();
  if (!res.ok) throw new UpdateFailure(2000 + res.status, `the update server ${server} answered HTTP ${res.status}: ${text.slice(0, 200)}`);
  return text;
}

import { OS_APP_ID } from '@strata/bootstrap';
import { ERROR_CODE, UpdateFailure } from './error-codes';

/**
 * The client half of Omaha v3 as Flatcar's update_engine speaks it
 * (`omaha_request_action.cc`; https://github.com/google/omaha/blob/main/doc/ServerProtocolV3.md):
 * one `<app>` with the running version, track, machine and boot ids, a `<ping>`, an
 * `<updatecheck>` and any `<event>`s.
 */

/** Event types and results of update_engine's `OmahaEvent`. */
export const OMAHA_EVENT = {
  typeUpdateComplete: 3,
  typeUpdateDownloadStarted: 13,
  typeUpdateDownloadFinished: 14,
  resultError: 0,
  resultSuccess: 1,
  resultSuccessReboot: 2,
} as const;

export interface OmahaEvent {
  type: number;
  result: number;
  errorCode?: number;
  previousVersion?: string;
}

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
  /** Base64 SHA-256 of the package (`<action event="postinstall" sha256>`). */
  sha256: string | null;
}

function attr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
}

/** The request document. */
export function encodeOmahaRequest(input: OmahaRequestInput): string {
  const events = input.events
    .map(
      (e) =>
        `    <event eventtype="${e.type}" eventresult="${e.result}"${e.errorCode !== undefined ? ` errorcode="${e.errorCode}"` : ''}${e.previousVersion !== undefined ? ` previousversion="${attr(e.previousVersion)}"` : ''}></event>\n`,
    )
    .join('');
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<request protocol="3.0" version="update_engine-0.4.10" updaterversion="update_engine-0.4.10" installsource="scheduler" ismachine="1">\n' +
    `  <os version="Chateau" platform="CoreOS" sp="${attr(input.version)}_x86_64"></os>\n` +
    `  <app appid="${OS_APP_ID}" version="${attr(input.version)}" track="${attr(input.track)}" bootid="{${attr(input.bootId)}}" oem="" oemversion="" alephversion="${attr(input.version)}" machineid="${attr(input.machineId)}" lang="en-US" board="amd64-usr" hardware_class="" delta_okay="false">\n` +
    (input.ping ? '    <ping active="1"></ping>\n' : '') +
    (input.updateCheck ? '    <updatecheck></updatecheck>\n' : '') +
    events +
    '  </app>\n</request>\n'
  );
}

function unescape(value: string): string {
  return value
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

function attributes(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of tag.matchAll(/([A-Za-z_:][\w:.-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) out[(m[1] ?? '').toLowerCase()] = unescape(m[2] ?? m[3] ?? '');
  return out;
}

function tags(xml: string, name: string): Array<Record<string, string>> {
  return [...xml.matchAll(new RegExp(`<${name}(\\s[^>]*?)?/?>`, 'gi'))].map((m) => attributes(m[1] ?? ''));
}

/**
 * The update a response offers, or null for `noupdate`.
 * @throws UpdateFailure 34 (kActionCodeOmahaResponseInvalid) for a response without an app
 *   or an `ok` update check that lacks its URL, package or version.
 */
export function parseOmahaResponse(xml: string): OmahaUpdate | null {
  if (!/<response[\s>]/i.test(xml)) throw new UpdateFailure(ERROR_CODE.omahaResponseInvalid, 'the Omaha answer is not a <response>');
  const check = tags(xml, 'updatecheck')[0];
  if (!check) {
    const app = tags(xml, 'app')[0];
    if (app?.['status'] && app['status'] !== 'ok')
      throw new UpdateFailure(ERROR_CODE.omahaResponseInvalid, `the Omaha server answered app status ${app['status']}`);
    return null;
  }
  if (check['status'] !== 'ok') return null;
  const urls = tags(xml, 'url')
    .map((u) => u['codebase'] ?? '')
    .filter(Boolean)
    .map((u) => (u.endsWith('/') ? u : `${u}/`));
  const manifest = tags(xml, 'manifest')[0];
  const pkg = tags(xml, 'package')[0];
  const postinstall = tags(xml, 'action').find((a) => a['event'] === 'postinstall');
  const size = Number(pkg?.['size']);
  if (urls.length === 0 || !manifest?.['version'] || !pkg?.['name'] || !pkg['hash'] || !Number.isInteger(size) || size <= 0) {
    throw new UpdateFailure(ERROR_CODE.omahaResponseInvalid, 'the Omaha update check lacks its url, manifest version or package name, hash and size');
  }
  return { version: manifest['version'], urls, name: pkg['name'], size, sha1: pkg['hash'], sha256: postinstall?.['sha256'] || null };
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

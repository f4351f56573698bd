/**
 * The Omaha v3 messages as Flatcar's update_engine and its update servers exchange them.
 * Protocol: https://github.com/google/omaha/blob/main/doc/ServerProtocolV3.md; the client side
 * as update_engine writes and reads it: flatcar/update_engine src/update_engine/omaha_request_action.cc.
 */

/** One `<event>` of a request's `<app>`. */
export interface OmahaEvent {
  /** `eventtype`: 3 update complete, 13 download started, 14 download finished (see {@link EVENT}). */
  type: number;
  /** `eventresult`: 0 error, 1 success, 2 success after reboot, 9 deferred by policy. */
  result: number;
  /** `errorcode`, sent by update_engine only when the result is not success. */
  errorCode?: number;
  /** `previousversion`, sent with 3/2 after the reboot. */
  previousVersion?: string;
}

/** One `<app>` of a request. */
export interface OmahaRequestApp {
  appId: string;
  version: string;
  track?: string;
  bootId?: string;
  machineId?: string;
  oem?: string;
  /** The request asks for an update (`<updatecheck>` present). */
  updateCheck?: boolean;
  /** The request carries a `<ping>`. */
  ping?: boolean;
  events: OmahaEvent[];
  /** Every other attribute of `<app>` (oemversion, alephversion, board, delta_okay…), as sent. */
  extra: Record<string, string>;
}

/** A whole `<request>`. */
export interface OmahaRequest {
  protocol: '3.0';
  /** The updater's version (`version` attribute of `<request>`). */
  version?: string;
  /** `installsource`: `scheduler` or `ondemandupdate`. */
  installSource?: string;
  os?: { platform?: string; version?: string; sp?: string; arch?: string };
  apps: OmahaRequestApp[];
}

/** One `<package>` of a manifest. */
export interface OmahaPackage {
  name: string;
  size: number;
  /** `hash`: base64 of the payload's SHA-1. */
  sha1Base64: string;
  /** `hash_sha256` as Nebraska sends it, base64 of the SHA-256 (update_engine reads the action's). */
  sha256Base64: string;
  required?: boolean;
}

/** The `postinstall` `<action>` of a manifest; update_engine refuses a response without it. */
export interface OmahaPostinstall {
  /** `sha256`: base64 of the payload's SHA-256, the hash update_engine verifies. */
  sha256Base64: string;
  needsAdmin?: boolean;
  /** `IsDeltaPayload`. */
  isDelta?: boolean;
  /** `DisablePayloadBackoff`. */
  disablePayloadBackoff?: boolean;
  /** `MetadataSize` (informational; update_engine no longer reads it). */
  metadataSize?: number;
}

/** A response's `<updatecheck>`. */
export interface OmahaUpdateCheck {
  /** `ok` (an update follows) or `noupdate`; Omaha also knows `error-*` statuses. */
  status: 'ok' | 'noupdate' | (string & {});
  /** `<url codebase>` values; the package name is appended by the client. */
  urls: string[];
  /** `<manifest version>`, the version offered. */
  manifestVersion?: string;
  packages: OmahaPackage[];
  postinstall?: OmahaPostinstall;
}

/** One `<app>` of a response. */
export interface OmahaResponseApp {
  appId: string;
  /** `ok`, or e.g. `error-unknownApplication`. */
  status: 'ok' | (string & {});
  updateCheck?: OmahaUpdateCheck;
  /** How many `<event status="ok">` acknowledgements the app carries (one per request event). */
  eventAcks: number;
  /** A `<ping status="ok">` acknowledgement is present. */
  pingOk?: boolean;
}

/** A whole `<response>`. */
export interface OmahaResponse {
  protocol: '3.0';
  server: string;
  daystart?: { elapsedSeconds: number };
  apps: OmahaResponseApp[];
}

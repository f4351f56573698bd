/**
 * Event types and results (update_engine's OmahaEvent, omaha_request_action.h) and error codes
 * (update_engine's ActionExitCode, action_processor.h).
 */

/** The events a Flatcar machine reports, as `{ type, result }` pairs. */
export const EVENT = {
  /** 13/1: the payload download begins. */
  downloadStarted: { type: 13, result: 1 },
  /** 14/1: the payload is downloaded and verified. */
  downloadFinished: { type: 14, result: 1 },
  /** 3/1: the update is installed and the machine waits for a reboot. */
  updateComplete: { type: 3, result: 1 },
  /** 3/0: the update failed; `errorcode` says why. */
  error: { type: 3, result: 0 },
  /** 3/2: first check after rebooting into the new version (with `previousversion`). */
  rebooted: { type: 3, result: 2 },
  /** 800/1: Nebraska's "installed" event (update_engine itself does not send it). */
  installStarted: { type: 800, result: 1 },
} as const;

/** Event type numbers. */
export const EVENT_TYPE = {
  unknown: 0,
  downloadComplete: 1,
  installComplete: 2,
  updateComplete: 3,
  updateDownloadStarted: 13,
  updateDownloadFinished: 14,
  installStarted: 800,
} as const;

/** Event result numbers. */
export const EVENT_RESULT = { error: 0, success: 1, successReboot: 2, updateDeferred: 9 } as const;

/** The app id of Flatcar Container Linux, which update_engine sends by default. */
export const FLATCAR_APP_ID = '{e96281a6-d1af-4bde-9a0a-97b76e56dc57}';

/** Error codes a machine reports in `errorcode` (the low bits; see {@link ERROR_FLAGS}). */
export const ERROR_CODE = {
  success: 0,
  error: 1,
  omahaRequestError: 2,
  omahaResponseHandlerError: 3,
  filesystemCopierError: 4,
  postinstallRunnerError: 5,
  installDeviceOpenError: 7,
  kernelDeviceOpenError: 8,
  downloadTransferError: 9,
  payloadHashMismatchError: 10,
  payloadSizeMismatchError: 11,
  downloadPayloadVerificationError: 12,
  downloadNewPartitionInfoError: 13,
  downloadWriteError: 14,
  newRootfsVerificationError: 15,
  newKernelVerificationError: 16,
  signedDeltaPayloadExpectedError: 17,
  downloadPayloadPubKeyVerificationError: 18,
  downloadStateInitializationError: 20,
  downloadInvalidMetadataMagicString: 21,
  downloadSignatureMissingInManifest: 22,
  downloadManifestParseError: 23,
  downloadMetadataSignatureError: 24,
  downloadMetadataSignatureVerificationError: 25,
  downloadMetadataSignatureMismatch: 26,
  downloadOperationHashVerificationError: 27,
  downloadOperationExecutionError: 28,
  downloadOperationHashMismatch: 29,
  omahaRequestEmptyResponseError: 30,
  omahaRequestXmlParseError: 31,
  downloadInvalidMetadataSize: 32,
  downloadInvalidMetadataSignature: 33,
  omahaResponseInvalid: 34,
  omahaUpdateIgnoredPerPolicy: 35,
  omahaUpdateDeferredPerPolicy: 36,
  omahaErrorInHttpResponse: 37,
  downloadOperationHashMissingError: 38,
  downloadMetadataSignatureMissingError: 39,
  omahaUpdateDeferredForBackoff: 40,
  postinstallPowerwashError: 41,
  newPcrPolicyVerificationError: 42,
  newPcrPolicyHttpError: 43,
  /** The machine came back on its previous version after an update: the new slot failed. */
  rollbackError: 44,
  downloadIncomplete: 100,
  /** 2000 + HTTP status of a failed Omaha request. */
  omahaRequestHttpResponseBase: 2000,
} as const;

/** The flag bits update_engine ORs into an error code to describe the system. */
export const ERROR_FLAGS = {
  /** 1<<31: the machine does not boot in normal mode. */
  devMode: 0x80000000,
  /** 1<<30: the failed attempt resumed an interrupted update. */
  resumed: 0x40000000,
  /** 1<<29: a dev/test image rather than a production-signed one. */
  testImage: 0x20000000,
  /** 1<<28: the update server is a test/non-production Omaha (devserver, sandbox). */
  testOmahaUrl: 0x10000000,
} as const;

export type ErrorFlag = keyof typeof ERROR_FLAGS;

const FLAG_MASK = 0xf0000000;

/**
 * Splits an `errorcode` into its code and its flag bits. Accepts the value as update_engine
 * prints it: a signed 32-bit int (1<<31 comes out negative) or its unsigned twin.
 */
export function decodeErrorCode(code: number): { code: number; flags: ErrorFlag[] } {
  const unsigned = code >>> 0;
  const flags = (Object.keys(ERROR_FLAGS) as ErrorFlag[]).filter((flag) => (unsigned & ERROR_FLAGS[flag]) !== 0);
  return { code: (unsigned & ~FLAG_MASK) >>> 0, flags };
}

/** The name of an error code (`rollbackError` for 44, `omahaRequestHttpResponse404`…), or undefined. */
export function errorCodeName(code: number): string | undefined {
  const { code: base } = decodeErrorCode(code);
  if (base > ERROR_CODE.omahaRequestHttpResponseBase && base < ERROR_CODE.omahaRequestHttpResponseBase + 1000) {
    return `omahaRequestHttpResponse${base - ERROR_CODE.omahaRequestHttpResponseBase}`;
  }
  return (Object.keys(ERROR_CODE) as (keyof typeof ERROR_CODE)[]).find((name) => ERROR_CODE[name] === base);
}

/**
 * Normalises an app id for comparison: braces optional, any case
 * (`E96281A6-…`, `{e96281a6-…}` are the same app).
 */
export function normalizeAppId(appId: string): string {
  const trimmed = appId.trim().toLowerCase();
  return trimmed.startsWith('{') && trimmed.endsWith('}') ? trimmed.slice(1, -1) : trimmed;
}

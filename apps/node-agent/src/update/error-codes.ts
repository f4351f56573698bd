/**
 * update_engine's action exit codes that this engine reports in `<event errorcode>`
 * (`src/update_engine/action_processor.h` of flatcar/update_engine), and its flag bits.
 */
export const ERROR_CODE = {
  error: 1,
  omahaRequestError: 2,
  postinstallRunnerError: 5,
  downloadTransferError: 9,
  payloadHashMismatchError: 10,
  payloadSizeMismatchError: 11,
  downloadPayloadVerificationError: 12,
  downloadWriteError: 14,
  downloadPayloadPubKeyVerificationError: 18,
  downloadInvalidMetadataMagicString: 21,
  downloadSignatureMissingInManifest: 22,
  downloadManifestParseError: 23,
  omahaResponseInvalid: 34,
  /** kActionCodeRollbackError: the new slot did not boot healthy and the machine fell back. */
  rollbackError: 44,
} as const;

/** kActionCodeResumedFlag: the failed attempt resumed an interrupted download. */
export const RESUMED_FLAG = 1 << 30;

/** An update step that failed with an update_engine error code. */
export class UpdateFailure extends Error {
  readonly code: number;
  constructor(code: number, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

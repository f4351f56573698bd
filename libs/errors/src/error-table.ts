import type { ErrorKind } from './strata-error';

/** How one kind of error is answered: over HTTP (status and `code` of the error body) and by the CLI (exit code). */
export interface ErrorMapping {
  status: number;
  /** The `code` of the error body; stable, clients branch on it. */
  code: string;
  exitCode: number;
}

/**
 * The one table from error kind (one class each: `InputError` is `input`, `TooLargeError` is
 * `too-large`, ...) to HTTP status, error code and CLI exit code. Every server answers from it
 * (`errorAnswer`), so the same fault gives the same status and code on all of them. Statuses
 * follow RFC 9110 §15; 422 from an upstream API is bad input too (`errorForStatus`).
 */
export const ERROR_TABLE: Readonly<Record<ErrorKind, Readonly<ErrorMapping>>> = {
  input: { status: 400, code: 'input', exitCode: 2 },
  unauthenticated: { status: 401, code: 'unauthenticated', exitCode: 5 },
  'not-allowed': { status: 403, code: 'not-allowed', exitCode: 5 },
  'not-found': { status: 404, code: 'not-found', exitCode: 3 },
  conflict: { status: 409, code: 'conflict', exitCode: 4 },
  'too-large': { status: 413, code: 'too-large', exitCode: 2 },
  'unsupported-media-type': { status: 415, code: 'unsupported-media-type', exitCode: 2 },
  // Throttled: the client may retry later, like a provider failure.
  'too-many-requests': { status: 429, code: 'too-many-requests', exitCode: 6 },
  internal: { status: 500, code: 'internal', exitCode: 1 },
  provider: { status: 502, code: 'provider', exitCode: 6 },
};

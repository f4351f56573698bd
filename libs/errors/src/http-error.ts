import { ERROR_TABLE } from './error-table';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  StrataError,
  TooLargeError,
  TooManyRequestsError,
  UnauthenticatedError,
  UnsupportedMediaTypeError,
  type FieldProblem,
} from './strata-error';

/** The one error body every Strata HTTP server answers with. */
export interface ErrorBody {
  /** Machine-readable code from `ERROR_TABLE`, e.g. `input`, `not-found`, `too-large`. */
  code: string;
  /** One human sentence; never internal details. */
  message: string;
  /** Every field problem with its path (`spec.workers[1].replicas`). */
  problems: FieldProblem[];
}

/** The minimal shape of a zod error, so this browser-safe lib does not depend on zod. */
export interface ZodLikeError {
  issues: readonly { path: readonly PropertyKey[]; message: string }[];
}

/** Formats `['spec', 'workers', 1, 'replicas']` as `spec.workers[1].replicas`; the empty path is `(body)`. */
export function formatProblemPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else {
      const key = String(segment);
      // Keys that are not plain identifiers are quoted so the path stays unambiguous.
      text += /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? `${text ? '.' : ''}${key}` : `[${JSON.stringify(key)}]`;
    }
  }
  return text || '(body)';
}

/** Every issue of a zod error as a field problem with a `a.b[1].c` path. */
export function problemsFromZod(error: ZodLikeError): FieldProblem[] {
  return error.issues.map((issue) => ({ path: formatProblemPath(issue.path), message: issue.message }));
}

/**
 * The error body for any thrown value. Errors outside the family are internal: their
 * message is not shown (it may carry paths, SQL or stack details).
 */
export function errorBody(error: unknown): ErrorBody {
  if (error instanceof StrataError && error.kind !== 'internal') {
    return { code: ERROR_TABLE[error.kind].code, message: error.message, problems: error.problems };
  }
  return { code: ERROR_TABLE.internal.code, message: 'The server failed to answer; see its log.', problems: [] };
}

/** A whole HTTP error answer: status, the one error body and the headers the fault needs. */
export interface ErrorAnswer {
  status: number;
  body: ErrorBody;
  /** `retry-after` on a 429, `www-authenticate` on a 401 that names its challenge. */
  headers: Record<string, string>;
}

/**
 * The HTTP answer for any thrown value, from `ERROR_TABLE`: what every server sends, so the
 * same fault has the same status, code and headers on each. Errors outside the family are
 * 500 `internal`, their details left to the server's log.
 */
export function errorAnswer(error: unknown): ErrorAnswer {
  const body = errorBody(error);
  const kind = error instanceof StrataError ? error.kind : 'internal';
  const headers: Record<string, string> = {};
  if (error instanceof TooManyRequestsError) headers['retry-after'] = String(error.retryAfterSeconds);
  if (error instanceof UnauthenticatedError && error.challenge) headers['www-authenticate'] = error.challenge;
  return { status: ERROR_TABLE[kind].status, body, headers };
}

/**
 * The family error for an HTTP status a framework or an upstream API reported, the inverse
 * of `ERROR_TABLE`: 400 and 422 are bad input, 401 unauthenticated, 403 not allowed, 404 not
 * found, 409 conflict, 413 too large, 415 unsupported media type, 429 too many requests
 * (retry after `retryAfterSeconds`, default 1), any other 4xx bad input; 5xx is internal.
 */
export function errorForStatus(status: number, message: string, options: { retryAfterSeconds?: number; problems?: FieldProblem[] } = {}): StrataError {
  switch (status) {
    case 401:
      return new UnauthenticatedError(message);
    case 403:
      return new NotAllowedError(message);
    case 404:
      return new NotFoundError(message);
    case 409:
      return new ConflictError(message);
    case 413:
      return new TooLargeError();
    case 415:
      return new UnsupportedMediaTypeError(message, options.problems);
    case 429:
      return new TooManyRequestsError(message, options.retryAfterSeconds ?? 1);
    default:
      return status >= 400 && status < 500 ? new InputError(message, options.problems ?? []) : new StrataError('internal', message);
  }
}

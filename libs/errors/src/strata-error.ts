import { ERROR_TABLE } from './error-table';

/**
 * The one error family of Strata. Every failure a user can see is one of these kinds,
 * each mapped once to an HTTP status, an error code and a CLI exit code (`ERROR_TABLE`,
 * read by `httpStatusOf` and `exitCodeOf`). Wrap lower-level failures with `withContext` so
 * the message reads as a trail: `creating subnet strata-a1b2-us-east-1a: <cause>`.
 *
 * `unauthenticated`, `too-large`, `unsupported-media-type` and `too-many-requests` are the
 * transport's faults (no credential, body over the limit, wrong Content-Type, throttled):
 * every server raises them as these errors so the same fault answers the same everywhere.
 */
export type ErrorKind =
  | 'input'
  | 'unauthenticated'
  | 'not-allowed'
  | 'not-found'
  | 'conflict'
  | 'too-large'
  | 'unsupported-media-type'
  | 'too-many-requests'
  | 'provider'
  | 'internal';

/** One problem in a document or request body, named by its dotted path. */
export interface FieldProblem {
  /** Dotted path with indexes, e.g. `spec.workers[1].replicas`. */
  path: string;
  /** What is wrong and how to fix it. */
  message: string;
}

export interface StrataErrorOptions {
  cause?: unknown;
  problems?: FieldProblem[];
  retryable?: boolean;
}

export class StrataError extends Error {
  readonly kind: ErrorKind;
  readonly problems: FieldProblem[];
  readonly retryable: boolean;

  constructor(kind: ErrorKind, message: string, options: StrataErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'StrataError';
    this.kind = kind;
    this.problems = options.problems ?? [];
    this.retryable = options.retryable ?? false;
  }
}

/** Bad input from the user: a document, a flag, a request body. */
export class InputError extends StrataError {
  constructor(message: string, problems: FieldProblem[] = [], cause?: unknown) {
    super('input', message, { problems, cause });
    this.name = 'InputError';
  }
}

export class NotFoundError extends StrataError {
  constructor(message: string, cause?: unknown) {
    super('not-found', message, { cause });
    this.name = 'NotFoundError';
  }
}

export class ConflictError extends StrataError {
  constructor(message: string, cause?: unknown) {
    super('conflict', message, { cause });
    this.name = 'ConflictError';
  }
}

/** The caller may not do this: a role, a license limit, a policy. */
export class NotAllowedError extends StrataError {
  constructor(message: string, cause?: unknown) {
    super('not-allowed', message, { cause });
    this.name = 'NotAllowedError';
  }
}

/** A provider (cloud API, local process, binary) failed; `retryable` says whether to try again. */
export class ProviderError extends StrataError {
  /** How long the provider asked to be left alone before the next try (an HTTP `Retry-After`), when it said. */
  readonly retryAfterMs: number | undefined;

  constructor(message: string, options: { retryable?: boolean; cause?: unknown; retryAfterMs?: number } = {}) {
    super('provider', message, options);
    this.name = 'ProviderError';
    this.retryAfterMs = options.retryAfterMs;
  }
}

/**
 * The request carries no credential, or a wrong one: 401 rather than `not-allowed`'s 403, so
 * clients know to authenticate rather than to give up.
 */
export class UnauthenticatedError extends StrataError {
  constructor(
    message: string,
    /** The `WWW-Authenticate` challenge sent with the 401, e.g. `Bearer realm="strata"`. */
    readonly challenge?: string,
  ) {
    super('unauthenticated', message);
    this.name = 'UnauthenticatedError';
  }
}

/** A request body over the server's limit (413), refused before it is parsed. */
export class TooLargeError extends StrataError {
  constructor(
    /** The limit in bytes, named in the message when known. */
    readonly limitBytes?: number,
  ) {
    const limit = limitBytes === undefined ? '' : ` (at most ${limitBytes} bytes)`;
    super('too-large', `request body is larger than the server accepts${limit}`, {
      problems: [{ path: '(body)', message: limitBytes === undefined ? 'is too large' : `must be at most ${limitBytes} bytes` }],
    });
    this.name = 'TooLargeError';
  }
}

/** A request body in a media type the endpoint does not take (415), refused from the headers. */
export class UnsupportedMediaTypeError extends StrataError {
  constructor(message: string, problems: FieldProblem[] = [{ path: '(body)', message: 'must be sent as Content-Type: application/json' }]) {
    super('unsupported-media-type', message, { problems });
    this.name = 'UnsupportedMediaTypeError';
  }
}

/** Too many requests, or too many failed attempts, from this client (429); retry after `retryAfterSeconds`. */
export class TooManyRequestsError extends StrataError {
  readonly retryAfterSeconds: number;
  constructor(message: string, retryAfterSeconds: number) {
    super('too-many-requests', message, { retryable: true });
    this.name = 'TooManyRequestsError';
    // Retry-After is whole seconds, and at least one: a client told 0 would retry at once.
    this.retryAfterSeconds = Math.max(1, Math.ceil(retryAfterSeconds));
  }
}

function kindOf(error: unknown): ErrorKind {
  return error instanceof StrataError ? error.kind : 'internal';
}

/** The HTTP status for any thrown value (see `ERROR_TABLE`); unknown errors are 500. */
export function httpStatusOf(error: unknown): number {
  return ERROR_TABLE[kindOf(error)].status;
}

/** The CLI exit code for any thrown value: input 2, not-found 3, conflict 4, not-allowed 5, provider 6, other 1 (see `ERROR_TABLE`). */
export function exitCodeOf(error: unknown): number {
  return ERROR_TABLE[kindOf(error)].exitCode;
}

/**
 * Re-throws `error` with `context` prepended. A Strata error keeps its class (so
 * `instanceof ProviderError` still holds), kind, problems, retryability and whatever else it
 * carries (`retryAfterSeconds`, `challenge`...); the original becomes the `cause`. Anything
 * else becomes an `internal` StrataError.
 * Use as `catch (e) { throw withContext(e, 'creating subnet x') }`.
 */
export function withContext<E extends StrataError>(error: E, context: string): E;
export function withContext(error: unknown, context: string): StrataError;
export function withContext(error: unknown, context: string): StrataError {
  const message = error instanceof Error ? error.message : String(error);
  if (!(error instanceof StrataError)) return new StrataError('internal', `${context}: ${message}`, { cause: error });
  const wrapped = Object.create(Object.getPrototypeOf(error) as object) as StrataError;
  Object.assign(wrapped, error);
  Object.defineProperty(wrapped, 'message', { value: `${context}: ${message}`, writable: true, configurable: true });
  Object.defineProperty(wrapped, 'cause', { value: error, writable: true, configurable: true });
  Error.captureStackTrace(wrapped, withContext);
  return wrapped;
}

/** Multi-line human text for an error, listing field problems one per line. */
export function formatError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof StrataError && error.problems.length > 0) {
    return [message, ...error.problems.map((p) => `  ${p.path}: ${p.message}`)].join('\n');
  }
  return message;
}

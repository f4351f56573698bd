/**
 * The one error family of Strata. Every failure a user can see is one of these kinds,
 * each mapped once to an HTTP status and a CLI exit code (see `httpStatusOf` and
 * `exitCodeOf`). Wrap lower-level failures with `withContext` so the message reads as a
 * trail: `creating subnet strata-a1b2-us-east-1a: <cause>`.
 */
export type ErrorKind = 'input' | 'not-found' | 'conflict' | 'not-allowed' | 'provider' | 'internal';

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
  constructor(message: string, options: { retryable?: boolean; cause?: unknown } = {}) {
    super('provider', message, options);
    this.name = 'ProviderError';
  }
}

const HTTP_STATUS: Record<ErrorKind, number> = {
  input: 400,
  'not-found': 404,
  conflict: 409,
  'not-allowed': 403,
  provider: 502,
  internal: 500,
};

const EXIT_CODE: Record<ErrorKind, number> = {
  input: 2,
  'not-found': 3,
  conflict: 4,
  'not-allowed': 5,
  provider: 6,
  internal: 1,
};

function kindOf(error: unknown): ErrorKind {
  return error instanceof StrataError ? error.kind : 'internal';
}

/** The HTTP status for any thrown value; unknown errors are 500. */
export function httpStatusOf(error: unknown): number {
  return HTTP_STATUS[kindOf(error)];
}

/** The CLI exit code for any thrown value: input 2, not-found 3, conflict 4, not-allowed 5, provider 6, other 1. */
export function exitCodeOf(error: unknown): number {
  return EXIT_CODE[kindOf(error)];
}

/**
 * Re-throws `error` with `context` prepended, keeping its kind, problems and retryability.
 * Use as `catch (e) { throw withContext(e, 'creating subnet x') }`.
 */
export function withContext(error: unknown, context: string): StrataError {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof StrataError) {
    const wrapped = new StrataError(error.kind, `${context}: ${message}`, {
      cause: error,
      problems: error.problems,
      retryable: error.retryable,
    });
    wrapped.name = error.name;
    return wrapped;
  }
  return new StrataError('internal', `${context}: ${message}`, { cause: error });
}

/** Multi-line human text for an error, listing field problems one per line. */
export function formatError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof StrataError && error.problems.length > 0) {
    return [message, ...error.problems.map((p) => `  ${p.path}: ${p.message}`)].join('\n');
  }
  return message;
}

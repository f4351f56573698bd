import { errorBody, httpStatusOf, StrataError, type ErrorBody, type FieldProblem } from '@strata/errors';
import { UnauthenticatedError } from '../services/unauthenticated-error';

/** An error answer: status, body and any headers it needs (Retry-After, WWW-Authenticate). */
export interface ErrorAnswer {
  status: number;
  body: ErrorBody;
  headers?: Record<string, string>;
}

interface FastifyLikeError {
  code?: string;
  statusCode?: number;
  message?: string;
}

/** An error that already knows its HTTP answer (throttling, media type, size). */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly problems: FieldProblem[] = [],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** Body-parsing failures Fastify raises before a handler runs; all are the client's fault. */
const BODY_ERRORS: Record<string, { status: number; code: string; message: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'input', message: 'is not valid JSON' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'input', message: 'is empty but the content type says JSON' },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'payload-too-large', message: 'is larger than the server accepts' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'unsupported-media-type', message: 'has a content type this endpoint does not accept; send application/json' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'input', message: 'has a Content-Length that does not match its size' },
  FST_ERR_CTP_INVALID_TYPE: { status: 415, code: 'unsupported-media-type', message: 'has an invalid Content-Type header' },
};

/**
 * Maps anything thrown while answering a request to one error answer. Strata errors keep
 * their kind (as `code`) and field problems, with the status `@strata/errors` gives the
 * kind; malformed bodies are 400, oversized 413, wrong media types 415 (never 500); anything
 * unexpected is a 500 whose details stay in the server log. `bodyLimit` is named in 413s.
 */
export function errorResponse(error: unknown, options: { bodyLimit?: number } = {}): ErrorAnswer {
  if (error instanceof HttpError) return { status: error.status, body: { code: error.code, message: error.message, problems: error.problems }, headers: error.headers };
  if (error instanceof UnauthenticatedError) {
    return { status: 401, body: { code: 'unauthenticated', message: error.message, problems: [] }, headers: { 'www-authenticate': error.challenge } };
  }
  if (error instanceof StrataError) return { status: httpStatusOf(error), body: errorBody(error) };
  const e = (typeof error === 'object' && error !== null ? error : {}) as FastifyLikeError;
  const known = e.code ? BODY_ERRORS[e.code] : undefined;
  if (known || e.code?.startsWith('FST_ERR_CTP_')) {
    const { status, code, message } = known ?? { status: 400, code: 'input', message: e.message ?? 'is not valid' };
    const detail = status === 413 && options.bodyLimit ? `${message} (at most ${options.bodyLimit} bytes)` : message;
    return { status, body: { code, message: `request body ${detail}`, problems: [{ path: '(body)', message: detail }] } };
  }
  if (e.code === 'FST_CSRF_MISSING_SECRET' || e.code === 'FST_CSRF_INVALID_TOKEN') {
    return { status: 403, body: { code: 'not-allowed', message: 'missing or wrong CSRF token (form field _csrf or header x-csrf-token); reload the form and try again', problems: [] } };
  }
  if (e.statusCode === 429) return { status: 429, body: { code: 'too-many-requests', message: e.message ?? 'too many requests; slow down', problems: [] } };
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    return { status: e.statusCode, body: { code: 'input', message: e.message ?? 'bad request', problems: [] } };
  }
  return { status: 500, body: { code: 'internal', message: 'internal error; see the server log', problems: [] } };
}

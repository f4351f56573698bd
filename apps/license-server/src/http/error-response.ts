import {
  errorAnswer,
  errorForStatus,
  InputError,
  NotAllowedError,
  StrataError,
  TooLargeError,
  UnsupportedMediaTypeError,
  type ErrorAnswer,
} from '@strata/errors';

export type { ErrorAnswer } from '@strata/errors';

interface FastifyLikeError {
  code?: string;
  statusCode?: number;
  message?: string;
}

/** What is wrong with a body Fastify refused to parse as JSON; all are the client's fault (400). */
const MALFORMED_BODY: Record<string, string> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'is not valid JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'is empty but the content type says JSON',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'has a Content-Length that does not match its size',
};

/**
 * The family error for what Fastify and its plugins raise before a handler runs: oversized
 * bodies are `TooLargeError` (413, naming `bodyLimit`), wrong media types
 * `UnsupportedMediaTypeError` (415), malformed bodies `InputError` (400), a missing CSRF token
 * `NotAllowedError` (403), and other 4xx statuses their family kind. Anything else passes through.
 */
function familyError(error: unknown, bodyLimit: number | undefined): unknown {
  if (error instanceof StrataError) return error;
  const e = (typeof error === 'object' && error !== null ? error : {}) as FastifyLikeError;
  switch (e.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new TooLargeError(bodyLimit);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new UnsupportedMediaTypeError('request body has a content type this endpoint does not accept; send application/json');
    case 'FST_ERR_CTP_INVALID_TYPE':
      return new UnsupportedMediaTypeError('request body has an invalid Content-Type header; send application/json');
    case 'FST_CSRF_MISSING_SECRET':
    case 'FST_CSRF_INVALID_TOKEN':
      return new NotAllowedError('missing or wrong CSRF token (form field _csrf or header x-csrf-token); reload the form and try again');
  }
  if (e.code?.startsWith('FST_ERR_CTP_')) {
    const detail = MALFORMED_BODY[e.code] ?? e.message ?? 'is not valid';
    return new InputError(`request body ${detail}`, [{ path: '(body)', message: detail }]);
  }
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) return errorForStatus(e.statusCode, e.message ?? 'bad request');
  return error;
}

/**
 * Maps anything thrown while answering a request to the one error answer of `@strata/errors`
 * (`errorAnswer`, from its `ERROR_TABLE`), so this server answers a fault exactly as the
 * console does: family errors keep their code and field problems; malformed bodies are 400,
 * oversized 413, wrong media types 415 (never 500); anything unexpected is a 500 whose
 * details stay in the server log.
 */
export function errorResponse(error: unknown, options: { bodyLimit?: number } = {}): ErrorAnswer {
  return errorAnswer(familyError(error, options.bodyLimit));
}

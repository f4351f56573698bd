import { errorAnswer, errorForStatus, InputError, StrataError, TooLargeError, UnsupportedMediaTypeError, type ErrorAnswer } from '@strata/errors';

/** What is wrong with a body Fastify refused to parse as JSON; all are the client's fault (400). */
const MALFORMED_BODY: Record<string, string> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'is not valid JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'is empty but the content type says JSON',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'has a Content-Length that does not match its size',
};

/**
 * The one error answer of `@strata/errors` for anything thrown while answering: family errors
 * keep their status, code and problems; Fastify's own refusals (oversized, malformed or
 * wrongly typed bodies) become their family kind; anything else is a 500 whose details stay
 * in the log.
 */
export function errorResponse(error: unknown, bodyLimit: number): ErrorAnswer {
  if (error instanceof StrataError) return errorAnswer(error);
  const e = (typeof error === 'object' && error !== null ? error : {}) as { code?: string; statusCode?: number; message?: string };
  if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return errorAnswer(new TooLargeError(bodyLimit));
  if (e.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || e.code === 'FST_ERR_CTP_INVALID_TYPE') {
    return errorAnswer(new UnsupportedMediaTypeError('request body must be application/json'));
  }
  if (e.code?.startsWith('FST_ERR_CTP_')) {
    const detail = MALFORMED_BODY[e.code] ?? 'is not valid';
    return errorAnswer(new InputError(`request body ${detail}`, [{ path: '(body)', message: detail }]));
  }
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500)
    return errorAnswer(errorForStatus(e.statusCode, e.message ?? 'bad request'));
  return errorAnswer(error);
}

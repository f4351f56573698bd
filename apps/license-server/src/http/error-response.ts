import { httpStatusOf, StrataError, type FieldProblem } from '@strata/errors';

/** The body of every error answer. */
export interface ErrorBody {
  error: { kind: string; message: string; problems: FieldProblem[] };
}

interface FastifyLikeError {
  code?: string;
  statusCode?: number;
  message?: string;
}

/** Body-parsing failures Fastify raises before a handler runs; all are the client's fault. */
const BODY_ERRORS: Record<string, (e: FastifyLikeError) => string> = {
  FST_ERR_CTP_INVALID_JSON_BODY: () => 'is not valid JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: () => 'is empty but the content type says JSON',
  FST_ERR_CTP_BODY_TOO_LARGE: () => 'is larger than the server accepts',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: () => 'has a content type this endpoint does not accept; send application/json',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: () => 'has a Content-Length that does not match its size',
  FST_ERR_CTP_INVALID_TYPE: () => 'has an invalid Content-Type header',
};

/**
 * Maps anything thrown while answering a request to a status and an error body. Strata
 * errors keep their kind and field problems; every malformed or oversized body becomes a
 * 400 naming the body as the problem (never a 500); anything unexpected is a 500 whose
 * details stay in the server log.
 */
export function errorResponse(error: unknown): { status: number; body: ErrorBody } {
  if (error instanceof StrataError) {
    return { status: httpStatusOf(error), body: { error: { kind: error.kind, message: error.message, problems: error.problems } } };
  }
  const e = (typeof error === 'object' && error !== null ? error : {}) as FastifyLikeError;
  const describe = e.code ? BODY_ERRORS[e.code] : undefined;
  if (describe || e.code?.startsWith('FST_ERR_CTP_')) {
    const message = describe ? describe(e) : (e.message ?? 'is not valid');
    return { status: 400, body: { error: { kind: 'input', message: `request body ${message}`, problems: [{ path: '(body)', message }] } } };
  }
  if (e.statusCode === 429) {
    return { status: 429, body: { error: { kind: 'not-allowed', message: e.message ?? 'too many requests; slow down', problems: [] } } };
  }
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    return { status: e.statusCode, body: { error: { kind: 'input', message: e.message ?? 'bad request', problems: [] } } };
  }
  return { status: 500, body: { error: { kind: 'internal', message: 'internal error; see the server log', problems: [] } } };
}

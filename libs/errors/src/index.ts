export {
  StrataError,
  InputError,
  NotFoundError,
  ConflictError,
  NotAllowedError,
  ProviderError,
  UnauthenticatedError,
  TooLargeError,
  UnsupportedMediaTypeError,
  TooManyRequestsError,
  httpStatusOf,
  exitCodeOf,
  withContext,
  formatError,
} from './strata-error';
export type { ErrorKind, FieldProblem, StrataErrorOptions } from './strata-error';
export { ERROR_TABLE } from './error-table';
export type { ErrorMapping } from './error-table';
export { errorBody, errorAnswer, errorForStatus, problemsFromZod, formatProblemPath } from './http-error';
export type { ErrorAnswer, ErrorBody, ZodLikeError } from './http-error';

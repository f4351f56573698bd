export {
  StrataError,
  InputError,
  NotFoundError,
  ConflictError,
  NotAllowedError,
  ProviderError,
  httpStatusOf,
  exitCodeOf,
  withContext,
  formatError,
} from './strata-error';
export type { ErrorKind, FieldProblem, StrataErrorOptions } from './strata-error';
export { errorBody, problemsFromZod, formatProblemPath } from './http-error';
export type { ErrorBody, ZodLikeError } from './http-error';

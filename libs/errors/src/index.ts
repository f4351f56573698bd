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

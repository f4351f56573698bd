import { NotAllowedError } from '@strata/errors';

/**
 * The request carries no credential, or a wrong one (HTTP 401 rather than the family's 403,
 * so clients know to authenticate rather than to give up). The error family in
 * `@strata/errors` has no kind for this yet, so it is a `not-allowed` error with its own status.
 */
export class UnauthenticatedError extends NotAllowedError {
  readonly httpStatus = 401;
  constructor(
    message: string,
    /** The `WWW-Authenticate` challenge to send with the 401. */
    readonly challenge: string,
  ) {
    super(message);
    this.name = 'UnauthenticatedError';
  }
}

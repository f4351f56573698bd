import { NotAllowedError, StrataError } from '@strata/errors';
import { apiStatusOf } from '@strata/k8s';
import type { Role } from '../users/roles';

/** Longest part of the API server's own message repeated to the user. */
const MAX_REASON = 300;

/** The Kubernetes 403 somewhere in `error`'s cause chain, if any. */
function kubernetesForbidden(error: unknown): { message?: string } | undefined {
  for (let e: unknown = error, depth = 0; e !== undefined && depth < 8; e = e instanceof Error ? e.cause : undefined, depth += 1) {
    const api = apiStatusOf(e);
    if (api?.code === 403) return api.status;
  }
  return undefined;
}

/**
 * Rewords a refusal by the cluster's API server (HTTP 403, from RBAC or the operator pod
 * policy) as what it is for the user: their console role does not allow it. The API
 * server's message is kept, as its Status object states it (which verb, which resource,
 * which policy rule), cut to a few hundred characters; Status parsing already drops any
 * answer that is not a Kubernetes Status, so no other service's body gets through, and a
 * Status carries no credentials. Anything else is returned unchanged.
 */
export function explainRoleDenial(error: unknown, role: Role): unknown {
  if (!(error instanceof StrataError) || error.kind !== 'not-allowed') return error;
  const status = kubernetesForbidden(error);
  if (!status) return error;
  const reason = (status.message ?? '').trim();
  const detail = reason.length > MAX_REASON ? `${reason.slice(0, MAX_REASON)}…` : reason;
  return new NotAllowedError(`Your role (${role}) does not allow this in the cluster${detail ? `: ${detail}` : '.'}`, error);
}

import { ApiException } from '@kubernetes/client-node';
import { ConflictError, InputError, NotAllowedError, NotFoundError, ProviderError, StrataError, withContext, type FieldProblem } from '@strata/errors';

/** The `Status` object the API server sends with every error (Kubernetes API conventions). */
export interface KubernetesStatus {
  kind?: string;
  code?: number;
  reason?: string;
  message?: string;
  details?: {
    name?: string;
    kind?: string;
    group?: string;
    causes?: { reason?: string; message?: string; field?: string }[];
    retryAfterSeconds?: number;
  };
}

/** A non-2xx answer of the API server to a raw request, before it is mapped to the error family. */
export class KubernetesApiError extends Error {
  readonly code: number;
  readonly status: KubernetesStatus;

  constructor(code: number, body: string | KubernetesStatus | undefined) {
    const status = typeof body === 'string' ? parseStatus(body) : (body ?? {});
    super(status.message ?? `the API server answered HTTP ${code}`);
    this.name = 'KubernetesApiError';
    this.code = code;
    this.status = status;
  }
}

/**
 * What a caller sees when the far side cannot be reached or does not answer like an API
 * server. One message for every such case (closed port, TLS failure, HTML page...), so a
 * kubeconfig pointed at another service on the console's network maps and reads nothing;
 * the detail stays in the error's cause for the server log.
 */
export const UNREACHABLE_MESSAGE = "cannot reach the cluster's API server; the console's log has the details";

function parseStatus(text: string): KubernetesStatus {
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null && (parsed as KubernetesStatus).kind === 'Status') return parsed as KubernetesStatus;
  } catch {
    // Not JSON: proxies, load balancers and other services answer with plain text or HTML.
  }
  // Anything but a Status is never repeated: it may be another service's page.
  return { message: UNREACHABLE_MESSAGE };
}

/**
 * The HTTP code and Status of an API failure, whether it came from a raw request or from a
 * typed client-node API (`ApiException`). Undefined for anything else (network errors...).
 */
export function apiStatusOf(error: unknown): { code: number; status: KubernetesStatus } | undefined {
  if (error instanceof KubernetesApiError) return { code: error.code, status: error.status };
  if (error instanceof ApiException) {
    const e = new KubernetesApiError(error.code, error.body as string | KubernetesStatus | undefined);
    return { code: e.code, status: e.status };
  }
  return undefined;
}

/** A failure to reach the API server at all; always worth retrying. */
export function networkError(error: unknown, doing: string): ProviderError {
  return new ProviderError(`${doing}: ${UNREACHABLE_MESSAGE}`, { retryable: true, cause: error });
}

/** Node system errors (ECONNREFUSED...), undici's "fetch failed" and timeouts. */
function isNetworkFailure(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  // Node's system and TLS codes: ECONNREFUSED, ERR_SSL_..., DEPTH_ZERO_SELF_SIGNED_CERT...
  if ('code' in error && typeof error.code === 'string' && /^[A-Z][A-Z0-9_]+$/.test(error.code)) return true;
  if (error.name === 'TimeoutError' || error.name === 'AbortError') return true;
  return error instanceof TypeError && error.message === 'fetch failed';
}

function problemsOf(status: KubernetesStatus): FieldProblem[] {
  return (status.details?.causes ?? []).filter((c) => c.message).map((c) => ({ path: c.field ?? '', message: c.message ?? '' }));
}

export interface MapOptions {
  /** The message for a 409, e.g. what the user should do about a stale resourceVersion. */
  conflictMessage?: string;
}

/**
 * Maps any failure of a Kubernetes call to the error family, with `context` in front:
 * 404 → NotFoundError, 401/403 → NotAllowedError, 409 → ConflictError, 400/422 →
 * InputError with the API's causes as field problems, anything else → ProviderError,
 * retryable for 429 and 5xx. Errors already in the family only gain the context.
 */
export function toStrataError(error: unknown, context: string, options: MapOptions = {}): StrataError {
  if (error instanceof StrataError) {
    const wrapped = new StrataError(error.kind, `${context}: ${error.message}`, { cause: error, problems: error.problems, retryable: error.retryable });
    wrapped.name = error.name;
    return wrapped;
  }
  const api = apiStatusOf(error);
  if (!api) return isNetworkFailure(error) ? networkError(error, context) : withContext(error, context);
  const { code, status } = api;
  const message = `${context}: ${status.message ?? `HTTP ${code}`}`;
  switch (code) {
    case 404:
      return new NotFoundError(message, error);
    case 401:
      return new NotAllowedError(`${context}: the cluster did not accept the credentials`, error);
    case 403:
      return new NotAllowedError(message, error);
    case 409:
      return new ConflictError(options.conflictMessage ? `${context}: ${options.conflictMessage}` : message, error);
    case 400:
    case 422:
      return new InputError(message, problemsOf(status), error);
    default:
      return new ProviderError(message, { retryable: code === 429 || code >= 500, cause: error });
  }
}

import { ApiException } from '@kubernetes/client-node';

/** The HTTP status of a failed API call, or undefined when the server was not reached. */
export function statusCodeOf(error: unknown): number | undefined {
  return error instanceof ApiException ? error.code : undefined;
}

/** A short, one-line description of a failed API call: status and the API's message, or the network cause. */
export function describeApiError(error: unknown): string {
  if (error instanceof ApiException) {
    let detail = '';
    try {
      const body = (typeof error.body === 'string' ? JSON.parse(error.body) : error.body) as { message?: string } | undefined;
      detail = body?.message ?? '';
    } catch {
      detail = String(error.body).slice(0, 200);
    }
    return `HTTP ${error.code}${detail ? `: ${detail}` : ''}`;
  }
  if (error instanceof Error) {
    const cause = error.cause as { code?: string; message?: string } | undefined;
    const why = cause?.code ?? cause?.message;
    return why && !error.message.includes(why) ? `${error.message} (${why})` : error.message;
  }
  return String(error);
}

import { errorFromResponse } from '@strata/ui';

/**
 * Sends a mutation to the console's API with the CSRF token in `x-csrf-token` and
 * returns the parsed answer; throws an Error with the server's message (and `status`)
 * when the answer is not 2xx.
 */
export async function apiSend<T = unknown>(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, csrf: string, body?: unknown): Promise<T> {
  const res = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': csrf },
    body: body === undefined ? null : JSON.stringify(body),
    cache: 'no-store',
  });
  if (!res.ok) throw await errorFromResponse(res);
  const text = await res.text();
  return (text ? JSON.parse(text) : {}) as T;
}

/** The HTTP status an `apiSend` error carries, if any. */
export function statusOf(error: unknown): number | undefined {
  return (error as { status?: number } | undefined)?.status;
}

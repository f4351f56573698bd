/** What a handler answers: status, JSON body (or none) and headers. */
export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

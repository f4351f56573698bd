/** Timing and fault settings the handlers read. */
export interface Behaviour {
  asyncDelayMs: number;
  retryAfterSeconds: number;
  pageSize: number;
  nicReservationMs: number;
  schedule(fn: () => void, ms: number): void;
  /** An error that the next matching long-running operation ends with, if one is queued. */
  operationFailure(method: string, path: string): { code: string; message: string } | undefined;
}

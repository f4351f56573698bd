import { StrataError, type FieldProblem } from './strata-error';

/** The one error body every Strata HTTP server answers with. */
export interface ErrorBody {
  /** Machine-readable kind, e.g. `input`, `not-found`, `too-large`. */
  code: string;
  /** One human sentence; never internal details. */
  message: string;
  /** Every field problem with its path (`spec.workers[1].replicas`). */
  problems: FieldProblem[];
}

/** The minimal shape of a zod error, so this browser-safe lib does not depend on zod. */
export interface ZodLikeError {
  issues: readonly { path: readonly PropertyKey[]; message: string }[];
}

/** Formats `['spec', 'workers', 1, 'replicas']` as `spec.workers[1].replicas`; the empty path is `(body)`. */
export function formatProblemPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else {
      const key = String(segment);
      // Keys that are not plain identifiers are quoted so the path stays unambiguous.
      text += /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? `${text ? '.' : ''}${key}` : `[${JSON.stringify(key)}]`;
    }
  }
  return text || '(body)';
}

/** Every issue of a zod error as a field problem with a `a.b[1].c` path. */
export function problemsFromZod(error: ZodLikeError): FieldProblem[] {
  return error.issues.map((issue) => ({ path: formatProblemPath(issue.path), message: issue.message }));
}

/**
 * The error body for any thrown value. Errors outside the family are internal: their
 * message is not shown (it may carry paths, SQL or stack details).
 */
export function errorBody(error: unknown): ErrorBody {
  if (error instanceof StrataError && error.kind !== 'internal') {
    return { code: error.kind, message: error.message, problems: error.problems };
  }
  return { code: 'internal', message: 'The server failed to answer; see its log.', problems: [] };
}

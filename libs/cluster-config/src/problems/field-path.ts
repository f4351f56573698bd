import { formatProblemPath } from '@strata/errors';

/** Formats a path such as `['spec', 'workers', 1, 'replicas']` as `spec.workers[1].replicas`; the empty path is the document. */
export function formatFieldPath(path: readonly PropertyKey[]): string {
  return path.length === 0 ? '(document)' : formatProblemPath(path);
}

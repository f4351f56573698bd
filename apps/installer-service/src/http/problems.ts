import { formatProblemPath, type FieldProblem } from '@strata/errors';
import type { z } from 'zod';

/**
 * Every problem of a failed parse, one per field, under `prefix` (`query`, `params`, or none
 * for the body). An unknown key is reported at its own path, so the caller sees which field to remove.
 */
export function fieldProblems(error: z.ZodError, prefix: string): FieldProblem[] {
  const at = (path: readonly PropertyKey[]) => {
    const inner = path.length > 0 ? formatProblemPath(path) : '';
    return prefix && inner ? `${prefix}.${inner}` : prefix || inner || '(body)';
  };
  return error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ path: at([...issue.path, key]), message: 'is not a known field; remove it' }))
      : [{ path: at(issue.path), message: issue.message }],
  );
}

import type { FieldProblem } from '@strata/errors';
import type { z } from 'zod';

function joinPath(prefix: string, path: readonly PropertyKey[]): string {
  let out = prefix;
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}

/**
 * Every problem of a failed parse, one per field: `customer.name: too long`. Unknown keys
 * are reported at their own path, so a client sees exactly which field to remove.
 */
export function fieldProblems(error: z.ZodError, prefix = ''): FieldProblem[] {
  return error.issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: joinPath(prefix, [...issue.path, key]), message: 'is not a known field' }));
    }
    return [{ path: joinPath(prefix, issue.path) || '(body)', message: issue.message }];
  });
}

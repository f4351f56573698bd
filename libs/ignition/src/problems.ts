import { InputError, type FieldProblem } from '@strata/errors';

/** A path into a config: object keys and array indexes. */
export type PathSegment = string | number;

/** Formats `['storage', 'files', 3, 'path']` as `storage.files[3].path`. */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? segment : `.${segment}`;
  }
  return out === '' ? '(config)' : out;
}

/**
 * The InputError for a list of problems. The message names every field so it reads
 * well on its own, e.g. `invalid Ignition config: storage.files[3].path: must be absolute`.
 */
export function ignitionInputError(problems: FieldProblem[]): InputError {
  const summary = problems.map((p) => `${p.path}: ${p.message}`).join('; ');
  return new InputError(`invalid Ignition config: ${summary}`, problems);
}

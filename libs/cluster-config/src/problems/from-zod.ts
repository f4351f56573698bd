/**
 * Turns zod issues into field problems that say what is wrong and how to fix it, with
 * dotted paths (`spec.workers[1].replicas`). Unknown fields become one problem each,
 * listing the allowed fields and the likely intended one.
 */
import type { z } from 'zod';
import { show, typeName } from '../formats/show';
import { formatFieldPath } from './field-path';
import { allowedKeysAt, closestKey } from './schema-keys';

/** A problem still holding its path as segments, so callers can locate it in the source text. */
export interface PathProblem {
  path: PropertyKey[];
  message: string;
}

const EXPECTED: Record<string, string> = {
  object: 'a mapping',
  array: 'a list',
  string: 'a string',
  number: 'a number',
  boolean: 'true or false',
};

/** Extra advice when a required field is missing, keyed by dotted path. */
const REQUIRED_HINTS: Record<string, string> = {
  apiVersion: 'add apiVersion: strata.dev/v1alpha1',
  kind: 'add kind: Cluster',
  'metadata.name': 'add a name such as name: demo',
  'spec.platform': 'add exactly one platform, e.g. platform: { local: {} }',
};

function typeProblem(issue: z.core.$ZodIssueInvalidType, path: string): string {
  const expected = EXPECTED[issue.expected] ?? issue.expected;
  if (issue.input === undefined) {
    const hint = REQUIRED_HINTS[path];
    return `is required (${expected})${hint ? `; ${hint}` : ''}`;
  }
  if (typeof issue.input === 'number' && !Number.isFinite(issue.input)) return `must be a finite number; got ${issue.input}`;
  let message = `must be ${expected}; got ${typeName(issue.input)}${issue.input === null ? '' : ` ${show(issue.input)}`}`;
  if (issue.expected === 'number' && typeof issue.input === 'string' && issue.input.trim() !== '' && Number.isFinite(Number(issue.input))) {
    message += `; write it without quotes: ${issue.input.trim()}`;
  } else if (issue.expected === 'string' && (typeof issue.input === 'number' || typeof issue.input === 'boolean')) {
    message += `; put it in quotes: "${String(issue.input)}"`;
  }
  return message;
}

function valueProblem(issue: z.core.$ZodIssueInvalidValue, path: string): string {
  if (issue.input === undefined) {
    const hint = REQUIRED_HINTS[path];
    return `is required${hint ? `; ${hint}` : ` (one of ${issue.values.map((value) => show(value)).join(', ')})`}`;
  }
  const got = 'input' in issue ? `; got ${show(issue.input)}` : '';
  if (issue.values.length === 1) return `must be ${show(issue.values[0])}${got}`;
  return `must be one of ${issue.values.map((value) => show(value)).join(', ')}${got}`;
}

/** Converts the issues of one parse of `root` into problems, in document order of the schema. */
export function problemsFromIssues(issues: readonly z.core.$ZodIssue[], root: z.ZodType): PathProblem[] {
  const problems: PathProblem[] = [];
  for (const issue of issues) {
    const path = [...issue.path];
    switch (issue.code) {
      case 'invalid_type':
        problems.push({ path, message: typeProblem(issue, formatFieldPath(path)) });
        break;
      case 'unrecognized_keys': {
        const allowed = allowedKeysAt(root, path);
        for (const key of issue.keys) {
          const guess = closestKey(key, allowed);
          const advice = guess ? `did you mean ${show(guess)}?` : `allowed fields here: ${allowed.join(', ')}`;
          problems.push({ path: [...path, key], message: `unknown field; ${advice}` });
        }
        break;
      }
      case 'invalid_value':
        problems.push({ path, message: valueProblem(issue, formatFieldPath(path)) });
        break;
      default:
        problems.push({ path, message: issue.message });
    }
  }
  const seen = new Set<string>();
  return problems.filter((problem) => {
    const id = `${formatFieldPath(problem.path)}\u0000${problem.message}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

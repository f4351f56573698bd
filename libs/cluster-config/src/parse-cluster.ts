/** The entry points that turn user input into a validated, fully defaulted Cluster. */
import { InputError, type FieldProblem } from '@strata/errors';
import { formatFieldPath } from './problems/field-path';
import { problemsFromIssues, type PathProblem } from './problems/from-zod';
import { ClusterSchema, type Cluster, type ClusterInput } from './schema/cluster-schema';
import { detectFormat, readSource, type SourceFormat } from './text/read-source';

/** A problem in a Cluster document; parsed text adds where it is (1-based). */
export interface ClusterProblem extends FieldProblem {
  line?: number;
  column?: number;
}

/** The result of `validateCluster`: the defaulted cluster, or every problem found. */
export type ClusterValidation = { ok: true; cluster: Cluster } | { ok: false; problems: ClusterProblem[] };

/** The largest Cluster document accepted: real ones are a few kilobytes; this bounds parsing time and memory. */
export const MAX_DOCUMENT_BYTES = 1024 * 1024;

/** Options of `parseCluster`. */
export interface ParseClusterOptions {
  /** Text format; by default `.json` sources are JSON and everything else YAML. */
  format?: SourceFormat;
  /** Where the text came from (a file name), used in messages. */
  source?: string;
}

function validateWithPaths(value: unknown): { ok: true; cluster: Cluster } | { ok: false; problems: PathProblem[] } {
  if (value === undefined || value === null) {
    return {
      ok: false,
      problems: [{ path: [], message: 'the document is empty; start with apiVersion: strata.dev/v1alpha1, kind: Cluster, metadata and spec' }],
    };
  }
  const result = ClusterSchema.safeParse(value, { reportInput: true });
  if (result.success) return { ok: true, cluster: result.data };
  return { ok: false, problems: problemsFromIssues(result.error.issues, ClusterSchema) };
}

/**
 * Validates a Cluster document that is already a value (e.g. a parsed request body) and
 * fills its defaults. Never throws; returns every problem at once.
 */
export function validateCluster(value: unknown): ClusterValidation {
  const result = validateWithPaths(value);
  if (result.ok) return result;
  return { ok: false, problems: result.problems.map((p) => ({ path: formatFieldPath(p.path), message: p.message })) };
}

function invalidDocument(source: string | undefined, problems: ClusterProblem[]): InputError {
  const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
  return new InputError(`invalid Cluster document${source ? ` ${source}` : ''}: ${count}`, problems);
}

function byPosition(a: ClusterProblem, b: ClusterProblem): number {
  const lineA = a.line ?? Number.POSITIVE_INFINITY;
  const lineB = b.line ?? Number.POSITIVE_INFINITY;
  if (lineA !== lineB) return lineA - lineB;
  return (a.column ?? 0) - (b.column ?? 0);
}

/**
 * Parses Cluster document text (YAML or JSON), validates it and fills its defaults.
 * Throws an `InputError` whose `problems` list every syntax or validation problem, each
 * with its dotted path (or line and column for syntax errors) and the fix.
 */
export function parseCluster(text: string, options: ParseClusterOptions = {}): Cluster {
  if (text.length > MAX_DOCUMENT_BYTES) {
    throw invalidDocument(options.source, [
      {
        path: '(document)',
        message: `is ${text.length} characters long, over the limit of ${MAX_DOCUMENT_BYTES} bytes (1 MiB); a Cluster document is a few kilobytes`,
      },
    ]);
  }
  const reading = readSource(text, detectFormat(options.format, options.source));
  if (reading.syntaxProblems.length > 0) {
    throw invalidDocument(
      options.source,
      reading.syntaxProblems.map((p) => ({ path: `line ${p.line}, column ${p.column}`, message: p.message, line: p.line, column: p.column })),
    );
  }
  const result = validateWithPaths(reading.value);
  if (result.ok) return result.cluster;
  const problems = result.problems.map((problem): ClusterProblem => {
    const position = reading.locate(problem.path);
    const located: ClusterProblem = { path: formatFieldPath(problem.path), message: problem.message };
    if (position) Object.assign(located, { line: position.line, column: position.column });
    return located;
  });
  throw invalidDocument(options.source, problems.sort(byPosition));
}

/**
 * Returns the document with every default written out, so a user can see exactly what
 * will be built. Throws an `InputError` listing every problem when it is not valid.
 */
export function withDefaults(input: ClusterInput): Cluster {
  const result = validateCluster(input);
  if (!result.ok) throw invalidDocument(undefined, result.problems);
  return result.cluster;
}

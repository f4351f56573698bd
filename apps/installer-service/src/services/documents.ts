import { createHash } from 'node:crypto';
import { clusterToYaml, parseCluster, type Cluster } from '@strata/cluster-config';
import { InputError, type FieldProblem } from '@strata/errors';

export type DocumentFormat = 'yaml' | 'json';

/** The outcome of reading a submitted document: the defaulted cluster, or every problem. */
export type DocumentReading = { ok: true; cluster: Cluster } | { ok: false; problems: FieldProblem[] };

/**
 * Reads Cluster document text exactly as `strata validate` reads a file (the same parser,
 * limits, paths and messages); syntax problems keep their `line L, column C` path.
 */
export function readDocument(text: string, format: DocumentFormat = 'yaml'): DocumentReading {
  try {
    return { ok: true, cluster: parseCluster(text, { format }) };
  } catch (error) {
    if (error instanceof InputError) return { ok: false, problems: error.problems.map((p) => ({ path: p.path, message: p.message })) };
    throw error;
  }
}

/** The cluster of a document, or an InputError (400) listing every problem under `document`. */
export function requireCluster(text: string, format: DocumentFormat = 'yaml'): Cluster {
  const reading = readDocument(text, format);
  if (reading.ok) return reading.cluster;
  const count = reading.problems.length === 1 ? '1 problem' : `${reading.problems.length} problems`;
  throw new InputError(`the Cluster document in field document is not valid: ${count}`, reading.problems);
}

/**
 * The SHA-256 of the document with its defaults filled in (`clusterToYaml`), so two texts
 * that differ only in formatting or in spelled-out defaults have the same hash.
 */
export function documentHash(cluster: Cluster): string {
  return createHash('sha256').update(clusterToYaml(cluster)).digest('hex');
}

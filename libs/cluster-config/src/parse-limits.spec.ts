import { InputError } from '@strata/errors';
import { describe, expect, it } from 'vitest';
import { MAX_DOCUMENT_BYTES, parseCluster, type ClusterProblem } from './parse-cluster';
import { yamlAliasBombLines } from './testing';

function failure(text: string, source = 'cluster.yaml'): InputError {
  try {
    parseCluster(text, { source });
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected parseCluster to throw');
}

const HEADER = 'apiVersion: strata.dev/v1alpha1\nkind: Cluster\nmetadata: {name: demo}\n';

describe('parseCluster limits', () => {
  it('refuses a YAML alias bomb as an input error naming the line', () => {
    const levels = yamlAliasBombLines(8);
    const error = failure(`${HEADER}spec:\n  platform: {local: {}}\n  labels:\n${levels.map((l) => `    ${l}`).join('\n')}\n`);
    expect(error.message).toContain('cluster.yaml');
    expect(error.problems[0]).toMatchObject({ line: 8, message: expect.stringContaining('alias bomb') });
  });

  it.each([
    ['YAML flow lists', 'cluster.yaml', `${HEADER}spec: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`],
    ['JSON', 'cluster.json', `{"spec": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`],
    ['YAML block mappings', 'cluster.yaml', `${HEADER}spec:\n${Array.from({ length: 300 }, (_, i) => `${' '.repeat(2 * (i + 1))}k${i}:`).join('\n')} 1\n`],
  ])('refuses %s nested too deep with a clear message, not a stack overflow', (_kind, source, text) => {
    const error = failure(text, source);
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]!.message).toMatch(/more than 64 levels deep/);
    expect((error.problems[0] as ClusterProblem).line).toBeGreaterThan(0);
  });

  it('refuses a document over 1 MiB at once', () => {
    const error = failure(`${HEADER}# ${'x'.repeat(MAX_DOCUMENT_BYTES)}\n`);
    expect(error.problems[0]!.message).toMatch(/over the limit of 1048576 bytes/);
  });
});

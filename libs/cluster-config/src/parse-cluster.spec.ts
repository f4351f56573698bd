import { InputError, formatError } from '@strata/errors';
import { describe, expect, it } from 'vitest';
import { parseCluster, withDefaults } from './parse-cluster';
import { clusterToYaml } from './to-yaml';

const LOCAL = `apiVersion: strata.dev/v1alpha1
kind: Cluster
metadata:
  name: demo
spec:
  platform:
    local: {}
`;

/** Runs `parseCluster` and returns the InputError it throws. */
function failure(text: string, options?: Parameters<typeof parseCluster>[1]): InputError {
  try {
    parseCluster(text, options);
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected parseCluster to throw');
}

describe('parseCluster', () => {
  it('parses YAML and fills defaults', () => {
    const cluster = parseCluster(LOCAL);
    expect(cluster.metadata.name).toBe('demo');
    expect(cluster.spec.workers).toEqual([{ name: 'default', replicas: 2, machineType: 'small', labels: {}, taints: [] }]);
    expect(cluster.spec.platform.local?.apiPort).toBe(6443);
  });

  it('parses JSON, detected from the source name or asked for explicitly', () => {
    const json = JSON.stringify({ apiVersion: 'strata.dev/v1alpha1', kind: 'Cluster', metadata: { name: 'j' }, spec: { platform: { local: {} } } });
    expect(parseCluster(json, { source: 'cluster.json' }).metadata.name).toBe('j');
    expect(parseCluster(json, { format: 'json' }).spec.networking.serviceCIDR).toBe('172.30.0.0/16');
    expect(parseCluster(json).metadata.name).toBe('j');
  });

  it('reads YAML 1.2: yes stays a string', () => {
    const error = failure(LOCAL.replace('local: {}', 'local: {}\n  os: { channel: yes }'));
    expect(error.problems).toEqual([expect.objectContaining({ path: 'spec.os.channel', message: expect.stringContaining('got "yes"') })]);
  });

  it('throws an InputError naming the source and counting the problems, each located in the text', () => {
    const text = LOCAL.replace('name: demo', 'name: Demo').replace('local: {}', 'local: {}\n  controlPlane:\n    replicas: 2');
    const error = failure(text, { source: 'demo.yaml' });
    expect(error.message).toBe('invalid Cluster document demo.yaml: 2 problems');
    expect(error.problems).toEqual([
      { path: 'metadata.name', message: expect.stringContaining('try "demo"'), line: 4, column: 3 },
      { path: 'spec.controlPlane.replicas', message: 'must be 1, 3 or 5 (etcd needs an odd quorum); got 2', line: 9, column: 5 },
    ]);
    expect(formatError(error)).toContain('\n  spec.controlPlane.replicas: must be 1, 3 or 5 (etcd needs an odd quorum); got 2');
  });

  it('says "1 problem" and leaves out the source when there is none', () => {
    expect(failure(LOCAL.replace('kind: Cluster', 'kind: Node')).message).toBe('invalid Cluster document: 1 problem');
  });

  it('locates a missing field at the key of its parent and an unknown field at its own key', () => {
    const error = failure(LOCAL.replace('name: demo', 'nmae: demo'));
    expect(error.problems).toEqual([
      { path: 'metadata.name', message: expect.stringContaining('is required'), line: 3, column: 1 },
      { path: 'metadata.nmae', message: 'unknown field; did you mean "name"?', line: 4, column: 3 },
    ]);
  });

  it('locates problems in JSON text', () => {
    const json =
      '{\n  "apiVersion": "strata.dev/v1alpha1",\n  "kind": "Cluster",\n  "metadata": { "name": "x" },\n  "spec": { "platform": { "local": { "apiPort": 80 } } }\n}';
    const error = failure(json, { format: 'json' });
    expect(error.problems).toEqual([{ path: 'spec.platform.local.apiPort', message: expect.stringContaining('got 80'), line: 5, column: 38 }]);
  });

  it.each([
    ['an unclosed flow sequence', 'apiVersion: strata.dev/v1alpha1\nkind: [Cluster\nmetadata: {}\n', 3],
    ['an unterminated quote', 'metadata:\n  name: "a\n', 3],
    ['a tab used for indentation', 'apiVersion: strata.dev/v1alpha1\nmetadata:\n\tname: x\n', 3],
    ['a duplicate key', 'kind: Cluster\nkind: Cluster\n', 2],
    ['a bad indentation', 'metadata:\n  name: a\n   extra: b\n', 2],
  ])('reports YAML syntax errors with line and column: %s', (_label, text, line) => {
    const error = failure(text, { source: 'broken.yaml' });
    expect(error.message).toMatch(/^invalid Cluster document broken\.yaml: \d+ problems?$/);
    const first = error.problems[0] as { path: string; message: string; line: number; column: number };
    expect(first.line).toBe(line);
    expect(first.column).toBeGreaterThan(0);
    expect(first.path).toBe(`line ${line}, column ${first.column}`);
    expect(first.message).toMatch(/^YAML syntax error: /);
  });

  it('refuses more than one YAML document in a file', () => {
    const error = failure(`${LOCAL}---\n${LOCAL}`);
    expect(error.problems).toEqual([expect.objectContaining({ path: 'line 8, column 1', message: expect.stringContaining('more than one YAML document') })]);
  });

  it.each([
    ['a missing value', '{\n  "kind": "Cluster",\n  "metadata": }', 3, 15],
    ['a trailing comma', '{"kind": "Cluster",}', 1, 20],
    ['an unterminated string', '{\n"kind": "Clus', 2, 9],
    ['a single-quoted string', "{'kind': 1}", 1, 2],
    ['trailing text', '{} x', 1, 4],
  ])('reports JSON syntax errors with line and column: %s', (_label, text, line, column) => {
    const error = failure(text, { format: 'json' });
    expect(error.problems).toEqual([{ path: `line ${line}, column ${column}`, message: expect.stringMatching(/^JSON syntax error: /), line, column }]);
  });

  it('reports an empty file as an empty document', () => {
    expect(failure('# nothing here\n').problems).toEqual([{ path: '(document)', message: expect.stringContaining('the document is empty') }]);
  });
});

describe('withDefaults', () => {
  it('returns the defaulted cluster for valid input', () => {
    const cluster = withDefaults({ apiVersion: 'strata.dev/v1alpha1', kind: 'Cluster', metadata: { name: 'w' }, spec: { platform: { local: {} } } });
    expect(cluster.spec.controlPlane).toEqual({ replicas: 1, machineType: 'medium' });
  });

  it('throws an InputError with every problem', () => {
    expect(() => withDefaults({ apiVersion: 'strata.dev/v1alpha1', kind: 'Cluster', metadata: { name: 'W' }, spec: { platform: {} } })).toThrow(
      expect.objectContaining({
        message: 'invalid Cluster document: 2 problems',
        problems: expect.arrayContaining([expect.objectContaining({ path: 'metadata.name' })]),
      }),
    );
  });
});

describe('clusterToYaml', () => {
  it('round-trips: the YAML of a cluster parses back to the same cluster', () => {
    const cluster = parseCluster(LOCAL);
    const yaml = clusterToYaml(cluster);
    expect(parseCluster(yaml)).toEqual(cluster);
    expect(yaml).toContain('  kubernetesVersion: v1.37.2\n');
    expect(yaml.indexOf('kubernetesVersion')).toBeLessThan(yaml.indexOf('platform'));
  });
});

import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { clusterToYaml, withDefaults } from '@strata/cluster-config';
import { editDocument, readDocument } from './cluster-document';

const examplesDir = resolve(import.meta.dirname, '../../../../../examples');
const examples = readdirSync(examplesDir)
  .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
  .map((f) => [f, readFileSync(join(examplesDir, f), 'utf8')] as const);

describe('the wizard’s Cluster document', () => {
  it('finds the examples', () => {
    expect(examples.map(([f]) => f)).toEqual(expect.arrayContaining(['aws.yaml', 'azure.yaml', 'local.yaml', 'openstack.yaml']));
  });

  it.each(examples)('imports and exports %s byte for byte', (_file, text) => {
    expect(readDocument(text).problems).toEqual([]);
    expect(editDocument(text, [])).toBe(text);
    // An edit that changes nothing leaves the bytes too.
    const name = (parse(text) as { metadata: { name: string } }).metadata.name;
    expect(editDocument(text, [{ path: ['metadata', 'name'], value: name }])).toBe(text);
  });

  it.each(examples)('changes only the edited lines of %s', (_file, text) => {
    const edited = editDocument(text, [{ path: ['metadata', 'name'], value: 'renamed' }]);
    const before = text.split('\n');
    const after = edited.split('\n');
    expect(after).toHaveLength(before.length);
    const changed = after.flatMap((line, i) => (line === before[i] ? [] : [[before[i], line]]));
    expect(changed).toHaveLength(1);
    expect(changed[0]![1]).toMatch(/^\s*name: renamed$/);
    expect((parse(edited) as { metadata: { name: string } }).metadata.name).toBe('renamed');
  });

  it('keeps comments and their alignment around an edited worker pool', () => {
    const text = readFileSync(join(examplesDir, 'aws.yaml'), 'utf8');
    const edited = editDocument(text, [
      { path: ['spec', 'workers', 1, 'replicas'], value: 5 },
      { path: ['spec', 'workers', 1, 'taints'], value: undefined },
    ]);
    const value = parse(edited) as { spec: { workers: { replicas: number; taints?: unknown }[] } };
    expect(value.spec.workers[1]).toMatchObject({ replicas: 5 });
    expect(value.spec.workers[1]).not.toHaveProperty('taints');
    expect(edited).toContain('    machineType: medium              # m6i.xlarge');
    expect(edited).toContain('      machineType: large             # m6i.2xlarge');
    expect(edited).toContain('      zones: [eu-central-1a, eu-central-1b, eu-central-1c]');
    expect(edited).not.toContain('NoSchedule');
  });

  it('adds and removes pools, fields and whole sections', () => {
    const text = readFileSync(join(examplesDir, 'local.yaml'), 'utf8');
    const added = editDocument(text, [
      { path: ['spec', 'workers', 1], value: { name: 'gpu', replicas: 1, labels: { 'example.com/gpu': 'true' } } },
      { path: ['spec', 'platform', 'local', 'addressRange'], value: '127.22.4.0/24' },
      { path: ['spec', 'networking', 'podCIDR'], value: '10.200.0.0/16' },
    ]);
    const value = parse(added) as { spec: Record<string, unknown> & { workers: { name: string }[] } };
    expect(value.spec.workers.map((w) => w.name)).toEqual(['default', 'gpu']);
    expect(value.spec['platform']).toEqual({ local: { addressRange: '127.22.4.0/24' } });
    expect(value.spec['networking']).toEqual({ podCIDR: '10.200.0.0/16' });
    expect(added.startsWith(text.split('spec:')[0]!)).toBe(true);
    const removed = editDocument(added, [
      { path: ['spec', 'workers', 1], value: undefined },
      { path: ['spec', 'networking'], value: undefined },
    ]);
    expect((parse(removed) as { spec: { workers: unknown[] } }).spec.workers).toHaveLength(1);
    expect(removed).not.toContain('networking');
  });

  it('edits a new document made by clusterToYaml', () => {
    const text = clusterToYaml(
      withDefaults({ apiVersion: 'strata.dev/v1alpha1', kind: 'Cluster', metadata: { name: 'new' }, spec: { platform: { local: {} } } }),
    );
    const edited = editDocument(text, [{ path: ['spec', 'controlPlane', 'replicas'], value: 3 }]);
    const changed = edited.split('\n').filter((line, i) => line !== text.split('\n')[i]);
    expect(changed).toEqual(['    replicas: 3']);
  });

  it('reports YAML syntax errors with their line and refuses to edit such text', () => {
    const { problems } = readDocument('spec:\n  workers: [a\n');
    expect(problems[0]?.path).toMatch(/^line \d+, column \d+$/);
    expect(() => editDocument('spec:\n  workers: [a\n', [{ path: ['spec'], value: 1 }])).toThrow(/syntax/);
  });
});

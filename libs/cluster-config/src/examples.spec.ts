import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { machinesOf, nodeCount } from './model/machines';
import { platformOf } from './model/platform-of';
import { parseCluster } from './parse-cluster';

const examplesDir = resolve(import.meta.dirname, '../../../examples');
const files = readdirSync(examplesDir).filter((file) => file.endsWith('.yaml'));

describe('examples/', () => {
  it('holds the local, aws, azure and openstack examples', () => {
    expect(files).toEqual(expect.arrayContaining(['local.yaml', 'aws.yaml', 'azure.yaml', 'openstack.yaml']));
  });

  it.each(files)('%s is a valid Cluster document', (file) => {
    const cluster = parseCluster(readFileSync(resolve(examplesDir, file), 'utf8'), { source: file });
    expect(platformOf(cluster).name).toBe(file.replace('.yaml', ''));
  });

  it('local.yaml is one control plane and two workers in pool default', () => {
    const cluster = parseCluster(readFileSync(resolve(examplesDir, 'local.yaml'), 'utf8'));
    expect(cluster.metadata.name).toBe('local');
    expect(nodeCount(cluster)).toBe(3);
    expect(machinesOf(cluster).map((m) => m.name)).toEqual(['local-cp-0', 'local-default-0', 'local-default-1']);
    expect(cluster.spec.platform.local).toEqual({ stateDir: '~/.strata/local', addressRange: '127.1.0.0/24', apiPort: 6443 });
  });

  it.each(['aws.yaml', 'azure.yaml', 'openstack.yaml'])('%s runs three control-plane machines', (file) => {
    expect(parseCluster(readFileSync(resolve(examplesDir, file), 'utf8')).spec.controlPlane.replicas).toBe(3);
  });
});

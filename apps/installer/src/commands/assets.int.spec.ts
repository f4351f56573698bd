import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../testing/run-cli';

let work: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'strata-cli-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('strata validate', () => {
  it.each(['examples/local.yaml', 'examples/aws.yaml', 'examples/azure.yaml', 'examples/openstack.yaml'])('accepts %s', (file) => {
    const res = runCli(['validate', '-f', file]);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/valid Cluster/);
  });

  it('reports every problem with its path and exits 2', () => {
    const file = join(work, 'bad.yaml');
    writeFileSync(
      file,
      'apiVersion: strata.dev/v1alpha1\nkind: Cluster\nmetadata: {name: demo}\nspec:\n  platform: {local: {}}\n  controlPlane: {replicas: 2}\n  workers: [{name: a, replicas: 1}, {name: a, replicas: -1}]\n',
    );
    const res = runCli(['validate', '-f', file, '--output', 'json']);
    expect(res.code).toBe(2);
    const body = JSON.parse(res.stdout) as { error: { kind: string; problems: { path: string }[] } };
    expect(body.error.kind).toBe('input');
    expect(body.error.problems.map((p) => p.path)).toEqual(
      expect.arrayContaining(['spec.controlPlane.replicas', 'spec.workers[1].name', 'spec.workers[1].replicas']),
    );
  });

  it('shows the document with its defaults filled in', () => {
    const res = runCli(['validate', '-f', 'examples/local.yaml', '--show-defaults']);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('serviceCIDR: 172.30.0.0/16');
    expect(res.stdout).toContain('addressRange:');
  });

  it('exits 2 with the fix when the file is missing or no -f is given', () => {
    expect(runCli(['validate', '-f', join(work, 'nope.yaml')])).toMatchObject({ code: 2, stderr: expect.stringContaining('no such file') });
    expect(runCli(['validate']).code).toBe(2);
  });
});

describe('strata create assets', () => {
  it('writes every asset with a manifest of SHA-256 sums', () => {
    const dir = join(work, 'assets');
    const res = runCli(['create', 'assets', '-f', 'examples/local.yaml', '--dir', dir]);
    expect(res.code, res.stderr).toBe(0);
    const manifest = JSON.parse(readFileSync(join(dir, 'assets.json'), 'utf8')) as { cluster: string; files: { path: string; sha256: string }[] };
    expect(manifest.cluster).toBe('local');
    for (const f of manifest.files) {
      expect(
        createHash('sha256')
          .update(readFileSync(join(dir, f.path)))
          .digest('hex'),
        f.path,
      ).toBe(f.sha256);
    }
    const paths = manifest.files.map((f) => f.path);
    expect(paths).toEqual(
      expect.arrayContaining(['pki/ca.crt', 'auth/admin.kubeconfig', 'ignition/local-cp-0.ign', 'manifests/local-cp-0/kube-apiserver.yaml']),
    );
    expect(statSync(join(dir, 'pki/ca.key')).mode & 0o777).toBe(0o600);
  });

  it('keeps the cluster CA when run again', () => {
    const dir = join(work, 'rerun');
    expect(runCli(['create', 'assets', '-f', 'examples/local.yaml', '--dir', dir]).code).toBe(0);
    const ca = readFileSync(join(dir, 'pki/ca.crt'), 'utf8');
    const again = runCli(['create', 'assets', '-f', 'examples/local.yaml', '--dir', dir]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('existing CAs kept');
    expect(readFileSync(join(dir, 'pki/ca.crt'), 'utf8')).toBe(ca);
  });

  it('refuses a directory that belongs to another cluster and changes nothing', () => {
    const dir = join(work, 'owned');
    expect(runCli(['create', 'assets', '-f', 'examples/local.yaml', '--dir', dir]).code).toBe(0);
    const before = readFileSync(join(dir, 'assets.json'), 'utf8');
    const res = runCli(['create', 'assets', '-f', 'examples/aws.yaml', '--dir', dir]);
    expect(res.code).toBe(4);
    expect(res.stderr).toContain('holds the assets of cluster "local"');
    expect(readFileSync(join(dir, 'assets.json'), 'utf8')).toBe(before);
  });

  it('creates nothing from an invalid document', () => {
    const file = join(work, 'invalid.yaml');
    writeFileSync(file, 'apiVersion: strata.dev/v1alpha1\nkind: Cluster\nmetadata: {name: x}\nspec: {platform: {}}\n');
    const dir = join(work, 'never');
    expect(runCli(['create', 'assets', '-f', file, '--dir', dir]).code).toBe(2);
    expect(existsSync(dir)).toBe(false);
  });
});

describe('strata schema', () => {
  it('prints the JSON Schema of the Cluster document', () => {
    const res = runCli(['schema']);
    expect(res.code).toBe(0);
    const schema = JSON.parse(res.stdout) as { properties: Record<string, unknown> };
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['apiVersion', 'kind', 'metadata', 'spec']));
  });
});

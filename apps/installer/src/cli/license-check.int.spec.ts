import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WORKSPACE_ROOT } from '@strata/toolchain';
import { runCli } from '../testing/run-cli';

const work = mkdtempSync(join(tmpdir(), 'strata-license-'));
let env: Record<string, string>;
let license50: string;

function doc(name: string, workers: number): string {
  const file = join(work, `${name}.yaml`);
  writeFileSync(
    file,
    `apiVersion: strata.dev/v1alpha1\nkind: Cluster\nmetadata: {name: ${name}}\nspec:\n  platform: {local: {stateDir: ${join(work, 'state')}}}\n  controlPlane: {replicas: 1}\n  workers: [{name: default, replicas: ${workers}}]\n`,
  );
  return file;
}

function license(args: string[]): void {
  const res = spawnSync('npm', ['run', '-s', 'license', '--', ...args], { cwd: WORKSPACE_ROOT, encoding: 'utf8' });
  if (res.status !== 0) throw new Error(res.stderr + res.stdout);
}

beforeAll(() => {
  // A vendor key of our own, trusted the way a vendor's deployment adds keys.
  license(['keygen', '--out', join(work, 'keys')]);
  license50 = join(work, 'fifty.lic');
  license(['issue', '--key', join(work, 'keys/private.jwk.json'), '--customer', 'Acme', '--nodes', '50', '--days', '30', '--out', license50]);
  env = { STRATA_LICENSE_TRUSTED_KEYS: join(work, 'keys/jwks.json') };
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('license enforcement in the installer', () => {
  it('accepts 10 nodes without a license', () => {
    const res = runCli(['validate', '-f', doc('ten', 9)], { env });
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain('FREE_TIER');
  });

  it('refuses to install 11 nodes without a license before creating anything, naming the count, the limit and the fix', () => {
    const dir = join(work, 'eleven');
    const res = runCli(['install', '-f', doc('eleven', 10), '--dir', dir], { env });
    expect(res.code).toBe(5);
    expect(res.stderr).toMatch(/11 nodes/);
    expect(res.stderr).toMatch(/10 nodes in total/);
    expect(res.stderr).toContain('--license FILE');
    expect(existsSync(dir)).toBe(false);
    expect(existsSync(join(work, 'state'))).toBe(false);
  });

  it('accepts 11 nodes with a 50-node license given by --license or spec.license.file', () => {
    const viaFlag = runCli(['validate', '-f', doc('eleven', 10), '--license', license50, '--output', 'json'], { env });
    expect(viaFlag.code, viaFlag.stderr).toBe(0);
    expect(JSON.parse(viaFlag.stdout).license).toMatchObject({ status: 'VALID', allowed: true, allowedNodes: 50 });

    const file = join(work, 'with-license.yaml');
    writeFileSync(
      file,
      `apiVersion: strata.dev/v1alpha1\nkind: Cluster\nmetadata: {name: lic}\nspec:\n  platform: {local: {}}\n  workers: [{name: default, replicas: 10}]\n  license: {file: ./fifty.lic}\n`,
    );
    const viaDocument = runCli(['validate', '-f', file], { env });
    expect(viaDocument.code, viaDocument.stderr).toBe(0);
    expect(viaDocument.stdout).toContain('VALID');
  });

  it('refuses a license signed by an untrusted key', () => {
    const res = runCli(['validate', '-f', doc('eleven', 10), '--license', license50], { env: { STRATA_LICENSE_TRUSTED_KEYS: '' } });
    expect(res.code).toBe(5);
    expect(res.stdout).toContain('INVALID');
  });

  it('names the missing license file and exits 2', () => {
    const res = runCli(['validate', '-f', doc('ten', 9), '--license', join(work, 'missing.lic')], { env });
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('--license');
  });
});

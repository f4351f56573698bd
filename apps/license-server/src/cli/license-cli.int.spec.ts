import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { checkInstallEntitlement, readJwksFile, readLicenseFile } from '@strata/licensing';
import { afterAll, describe, expect, it } from 'vitest';

const WORKSPACE = resolve(import.meta.dirname, '../../../..');
const dir = mkdtempSync(join(tmpdir(), 'strata-license-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `npm run license -- <args>` exactly as a vendor would. */
function license(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync('npm', ['run', '-s', 'license', '--', ...args], {
    cwd: WORKSPACE,
    encoding: 'utf8',
    env: { ...process.env, STRATA_LICENSE_TRUSTED_KEYS: '', ...env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('npm run license', () => {
  const keys = join(dir, 'keys');
  const file = join(dir, 'acme.lic');

  it('keygen writes a private key only its owner can read, a public key and a JWKS', () => {
    const result = license(['keygen', '--out', keys, '--kid', 'vendor-test-1']);
    expect(result.code).toBe(0);
    expect(statSync(join(keys, 'private.jwk.json')).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(join(keys, 'private.jwk.json'), 'utf8'))).toMatchObject({ kid: 'vendor-test-1', d: expect.any(String) });
    const jwks = readJwksFile(join(keys, 'jwks.json'));
    expect(jwks.keys).toEqual([expect.objectContaining({ kid: 'vendor-test-1', kty: 'OKP', crv: 'Ed25519' })]);
    expect(readFileSync(join(keys, 'jwks.json'), 'utf8')).not.toContain('"d"');
  });

  it('keygen never overwrites a private key', () => {
    const result = license(['keygen', '--out', keys]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('already exists');
  });

  it('issue writes a license that inspect verifies and prints', () => {
    const issued = license([
      'issue',
      '--key',
      join(keys, 'private.jwk.json'),
      '--customer',
      'ACME Corp',
      '--nodes',
      '50',
      '--days',
      '365',
      '--features',
      'console,support',
      '--out',
      file,
    ]);
    expect(issued.code).toBe(0);
    expect(issued.stdout).toContain('50 nodes');
    const inspected = license(['inspect', file], { STRATA_LICENSE_TRUSTED_KEYS: join(keys, 'jwks.json') });
    expect(inspected.code).toBe(0);
    expect(inspected.stdout).toContain('signature valid (key vendor-test-1)');
    expect(inspected.stdout).toMatch(/Customer:\s+ACME Corp/);
    expect(inspected.stdout).toMatch(/Nodes:\s+50/);
    expect(inspected.stdout).toMatch(/Features:\s+console, support/);
  });

  it('issues a license the installer check accepts for 11 nodes', () => {
    const result = checkInstallEntitlement({ licenseToken: readLicenseFile(file), requestedNodes: 11, trustedKeys: readJwksFile(join(keys, 'jwks.json')) });
    expect(result).toMatchObject({ allowed: true, status: 'VALID', allowedNodes: 50 });
  });

  it('inspect --json prints the claims', () => {
    const result = license(['inspect', file, '--trusted-keys', join(keys, 'jwks.json'), '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ kid: 'vendor-test-1', claims: { customer: { name: 'ACME Corp' }, nodes: 50 } });
  });

  it('inspect fails with the reason when the key is not trusted', () => {
    const result = license(['inspect', file]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('does not trust');
  });

  it('inspect fails with the reason when the license was altered', () => {
    const text = readFileSync(file, 'utf8');
    const token = readLicenseFile(file);
    const [h, p, s] = token.split('.') as [string, string, string];
    const payload = Buffer.from(p, 'base64url').toString('utf8').replace('"nodes":50', '"nodes":500');
    const tampered = join(dir, 'tampered.lic');
    writeFileSync(tampered, text.replace(token, `${h}.${Buffer.from(payload).toString('base64url')}.${s}`));
    const result = license(['inspect', tampered, '--trusted-keys', join(keys, 'jwks.json')]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('bad-signature');
  });

  it('inspect fails with the reason when the file is not a license', () => {
    const garbage = join(dir, 'garbage.lic');
    writeFileSync(garbage, 'this is not a license\n');
    const result = license(['inspect', garbage, '--trusted-keys', join(keys, 'jwks.json')]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('not a compact JWS');
  });

  it('issue names each bad option', () => {
    const result = license([
      'issue',
      '--key',
      join(keys, 'private.jwk.json'),
      '--customer',
      'X',
      '--plan',
      'Gold Plan',
      '--features',
      'Bad Feature',
      '--nodes',
      '5',
      '--days',
      '30',
      '--out',
      join(dir, 'bad.lic'),
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--plan');
    expect(result.stderr).toContain('--features');
  });
});

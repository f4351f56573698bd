import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatLicenseFile, parseLicenseFile, readLicenseFile } from './license-file';
import { sampleClaims } from './testing/sample-claims';

describe('license files', () => {
  it('round-trips the token through the commented file format', () => {
    const text = formatLicenseFile('aaa.bbb.ccc', sampleClaims());
    expect(text).toContain('# Customer: ACME Corp');
    expect(parseLicenseFile(text)).toBe('aaa.bbb.ccc');
  });

  it('accepts a bare token with Windows line endings', () => {
    expect(parseLicenseFile('\r\n  aaa.bbb.ccc \r\n')).toBe('aaa.bbb.ccc');
  });

  it.each([
    ['empty', '# only a comment\n', /no license/],
    ['two tokens', 'a.b.c\nd.e.f\n', /more than one/],
  ])('refuses a file that is %s', (_name, text, pattern) => {
    expect(() => parseLicenseFile(text)).toThrow(pattern);
  });

  it('names the file it could not read', () => {
    const dir = mkdtempSync(join(tmpdir(), 'strata-lic-'));
    try {
      writeFileSync(join(dir, 'ok.lic'), 'x.y.z\n');
      expect(readLicenseFile(join(dir, 'ok.lic'))).toBe('x.y.z');
      expect(() => readLicenseFile(join(dir, 'missing.lic'))).toThrow(/reading license file .*missing\.lic/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

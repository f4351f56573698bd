import { readFileSync } from 'node:fs';
import { InputError, withContext } from '@strata/errors';
import type { LicenseClaims } from './claims';

/**
 * A license file as the vendor hands it out: `#` comment lines saying what it is (for people;
 * not signed, never trusted), then the token on its own line.
 */
export function formatLicenseFile(token: string, claims: LicenseClaims): string {
  return [
    '# Strata license (format v1). The line below is the signed license; comments are informational.',
    `# License:  ${claims.licenseId}`,
    `# Customer: ${claims.customer.name.replace(/[\r\n]+/g, ' ')}`,
    `# Plan:     ${claims.plan}, ${claims.nodes} nodes`,
    `# Valid:    ${claims.notBefore} to ${claims.expiresAt} (+${claims.graceDays} grace days)`,
    token,
    '',
  ].join('\n');
}

/** The token inside a license file's text (comment lines and blank lines dropped). */
export function parseLicenseFile(text: string): string {
  const lines = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  if (lines.length !== 1) throw new InputError(lines.length === 0 ? 'the license file holds no license' : 'the license file holds more than one license line');
  return lines[0] as string;
}

/** Reads a license file and returns its token. Throws InputError naming the file. */
export function readLicenseFile(path: string): string {
  try {
    return parseLicenseFile(readFileSync(path, 'utf8'));
  } catch (error) {
    throw withContext(
      error instanceof InputError ? error : new InputError(error instanceof Error ? error.message : String(error)),
      `reading license file ${path}`,
    );
  }
}

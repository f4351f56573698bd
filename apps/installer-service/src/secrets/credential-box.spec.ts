import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CredentialBox, credentialFingerprint } from './credential-box';

const dir = mkdtempSync(join(tmpdir(), 'strata-credential-box-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('CredentialBox', () => {
  it('creates its key owner-only and reopens with the same key', () => {
    const file = join(dir, 'same.key');
    const sealed = CredentialBox.open(file).seal('cred_1', { secretAccessKey: 'abc/def+ghi' });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(CredentialBox.open(file).open('cred_1', sealed)).toEqual({ secretAccessKey: 'abc/def+ghi' });
  });

  it('never holds the values in the clear and uses a fresh IV each time', () => {
    const box = CredentialBox.open(join(dir, 'iv.key'));
    const a = box.seal('cred_1', { secret: 'hunter2-hunter2' });
    const b = box.seal('cred_1', { secret: 'hunter2-hunter2' });
    expect(a).not.toContain('hunter2');
    expect(Buffer.from(a.split(':')[3] ?? '', 'base64').toString('latin1')).not.toContain('hunter2');
    expect(a).not.toBe(b);
  });

  it.each([
    ['another credential id', (sealed: string) => ({ id: 'cred_2', sealed })],
    ['a changed byte', (sealed: string) => ({ id: 'cred_1', sealed: `${sealed.slice(0, -3)}${sealed.endsWith('A') ? 'B' : 'A'}==` })],
    ['another key', (sealed: string) => ({ id: 'cred_1', sealed, other: true })],
  ])('refuses to open a sealed value with %s', (_what, change) => {
    const box = CredentialBox.open(join(dir, 'tamper.key'));
    const sealed = box.seal('cred_1', { secret: 'value-1234' });
    const attempt = change(sealed) as { id: string; sealed: string; other?: boolean };
    const opener = attempt.other ? CredentialBox.open(join(dir, 'other.key')) : box;
    expect(() => opener.open(attempt.id, attempt.sealed)).toThrow(/does not open/);
  });

  it('refuses a key file that does not hold 32 bytes', async () => {
    const { writeFileSync } = await import('node:fs');
    const file = join(dir, 'short.key');
    writeFileSync(file, `${Buffer.alloc(40, 1).toString('base64')}\n`);
    expect(() => CredentialBox.open(file)).toThrow(/32-byte key/);
    expect(readFileSync(file, 'utf8')).toContain(Buffer.alloc(40, 1).toString('base64'));
  });
});

describe('credentialFingerprint', () => {
  it('is 16 hex digits that ignore key order and change with any value', () => {
    const a = credentialFingerprint({ accessKeyId: 'AKIA1', secretAccessKey: 's' });
    expect(a).toMatch(/^[0-9a-f]{16}$/);
    expect(credentialFingerprint({ secretAccessKey: 's', accessKeyId: 'AKIA1' })).toBe(a);
    expect(credentialFingerprint({ accessKeyId: 'AKIA1', secretAccessKey: 't' })).not.toBe(a);
  });
});

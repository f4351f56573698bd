import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError, NotAllowedError, StrataError } from '@strata/errors';
import { seal, unseal } from './seal';
import { loadSecretKey, secretKeyId, type SecretKey } from './secret-key';

const scratch = mkdtempSync(join(tmpdir(), 'strata-console-seal-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function envKey(): SecretKey {
  return loadSecretKey({ dataDir: scratch, env: { STRATA_CONSOLE_SECRET_KEY: randomBytes(32).toString('base64') } });
}

describe('seal', () => {
  it('round-trips under the same key and context', () => {
    const key = envKey();
    expect(unseal(key, seal(key, 'kubeconfig text', 'ctx'), 'ctx', 'the value')).toBe('kubeconfig text');
  });

  it('uses a fresh IV every time and never shows the plaintext', () => {
    const key = envKey();
    const a = seal(key, 'same secret text', 'ctx');
    const b = seal(key, 'same secret text', 'ctx');
    expect(a).not.toBe(b);
    expect(a.split('.')[2]).not.toBe(b.split('.')[2]);
    expect(a).not.toContain('secret');
    expect(a.startsWith(`v1.${key.id}.`)).toBe(true);
  });

  it('says so when the key changed', () => {
    const sealed = seal(envKey(), 'x', 'ctx');
    expect(() => unseal(envKey(), sealed, 'ctx', 'the kubeconfig of cluster demo')).toThrow(
      /was encrypted with another secret key .*STRATA_CONSOLE_SECRET_KEY/,
    );
  });

  it.each([
    ['an altered ciphertext', (s: string) => s.slice(0, -2) + (s.endsWith('AA') ? 'BB' : 'AA'), 'ctx'],
    ['another record', (s: string) => s, 'other-ctx'],
    [
      'an altered tag',
      (s: string) =>
        s
          .split('.')
          .map((p, i) => (i === 3 ? Buffer.alloc(16).toString('base64url') : p))
          .join('.'),
      'ctx',
    ],
  ])('refuses %s', (_, alter, context) => {
    const key = envKey();
    expect(() => unseal(key, alter(seal(key, 'value', 'ctx')), context, 'the value')).toThrow(/failed its integrity check/);
  });

  it('refuses an unknown format', () => {
    expect(() => unseal(envKey(), 'plain text', 'ctx', 'the value')).toThrow(StrataError);
  });
});

describe('loadSecretKey', () => {
  it.each([['not base64!'], [randomBytes(16).toString('base64')], [randomBytes(33).toString('base64')]])('refuses STRATA_CONSOLE_SECRET_KEY=%s', (value) => {
    expect(() => loadSecretKey({ dataDir: scratch, env: { STRATA_CONSOLE_SECRET_KEY: value } })).toThrow(InputError);
  });

  it('takes the key from the environment', () => {
    const raw = randomBytes(32);
    const key = loadSecretKey({ dataDir: scratch, env: { STRATA_CONSOLE_SECRET_KEY: raw.toString('base64') } });
    expect(key).toMatchObject({ source: 'env', id: secretKeyId(raw) });
    expect(key.key.equals(raw)).toBe(true);
  });

  it('generates a key file once, owner-only, and reuses it', () => {
    const dataDir = join(scratch, 'generated', 'data');
    const first = loadSecretKey({ dataDir, env: {} });
    const file = join(dataDir, 'secret.key');
    expect(first).toMatchObject({ source: 'file', file });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    expect(Buffer.from(readFileSync(file, 'utf8').trim(), 'base64').equals(first.key)).toBe(true);
    expect(loadSecretKey({ dataDir, env: {} }).id).toBe(first.id);
  });

  it('refuses a key file others can read', () => {
    const dataDir = join(scratch, 'exposed');
    loadSecretKey({ dataDir, env: {} });
    chmodSync(join(dataDir, 'secret.key'), 0o644);
    expect(() => loadSecretKey({ dataDir, env: {} })).toThrow(NotAllowedError);
  });

  it('refuses a damaged key file', () => {
    const dataDir = join(scratch, 'damaged');
    loadSecretKey({ dataDir, env: {} });
    writeFileSync(join(dataDir, 'secret.key'), 'short\n');
    expect(() => loadSecretKey({ dataDir, env: {} })).toThrow(/secret key file .* must be 32 random bytes/);
  });
});

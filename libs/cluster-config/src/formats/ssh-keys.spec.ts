import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseSshPublicKey, sshKeyProblem } from './ssh-keys';

const dir = mkdtempSync(join(tmpdir(), 'strata-ssh-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Generates a real key pair with OpenSSH's ssh-keygen and returns the public key line. */
let generated = 0;
function generate(type: string, bits?: number): string {
  const file = join(dir, `key-${++generated}`);
  execFileSync('ssh-keygen', ['-q', '-t', type, ...(bits ? ['-b', String(bits)] : []), '-N', '', '-C', 'ops@example.com', '-f', file]);
  return readFileSync(`${file}.pub`, 'utf8').trim();
}

const ED25519 = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJyfYwLH5lycKpWxBWO87yTHlhzZZRne8InWAbk7dP3I admin@example.com';

describe('sshKeyProblem', () => {
  it.each([
    ['ed25519', undefined, 'ssh-ed25519'],
    ['rsa', 3072, 'ssh-rsa'],
    ['ecdsa', 256, 'ecdsa-sha2-nistp256'],
    ['ecdsa', 384, 'ecdsa-sha2-nistp384'],
    ['ecdsa', 521, 'ecdsa-sha2-nistp521'],
  ])('accepts a %s key from ssh-keygen (%s bits)', (type, bits, keyType) => {
    const line = generate(type, bits);
    expect(sshKeyProblem(line)).toBeUndefined();
    const key = parseSshPublicKey(line);
    expect(key.type).toBe(keyType);
    expect(key.comment).toBe('ops@example.com');
  });

  it('accepts a key without a comment', () => {
    expect(parseSshPublicKey(ED25519.split(' ').slice(0, 2).join(' ')).comment).toBeUndefined();
  });

  it.each([
    ['an unsupported type', ED25519.replace('ssh-ed25519', 'ssh-dss'), 'unsupported key type "ssh-dss"'],
    ['no key data', 'ssh-ed25519', 'no key data'],
    ['broken base64', 'ssh-ed25519 AAAAC3Nza!C1lZDI1NTE5 me', 'not valid base64'],
    ['base64 of the wrong length', 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5A me', 'not valid base64'],
    ['a blob of another type', ED25519.replace('ssh-ed25519', 'ssh-rsa'), 'is for "ssh-ed25519" but the line says "ssh-rsa"'],
    ['a truncated ed25519 key', 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJyfYwLH5lycKpWxBWO87yTH me', 'truncated'],
    ['a private key', '-----BEGIN OPENSSH PRIVATE KEY-----', 'private key'],
    ['an empty line', '', 'unsupported key type'],
  ])('refuses %s', (_label, line, reason) => {
    expect(sshKeyProblem(line)).toContain(reason);
    expect(() => parseSshPublicKey(line)).toThrow(RangeError);
  });

  it('refuses an ECDSA key whose curve name disagrees with its type', () => {
    const line = generate('ecdsa', 256);
    const blob = Uint8Array.from(atob(line.split(' ')[1]!), (c) => c.charCodeAt(0));
    // Wire layout: string "ecdsa-sha2-nistp256", string "nistp256", string point.
    const curveAt = 4 + 'ecdsa-sha2-nistp256'.length + 4;
    expect(String.fromCharCode(...blob.subarray(curveAt, curveAt + 8))).toBe('nistp256');
    blob.set(
      Array.from('nistp384', (c) => c.charCodeAt(0)),
      curveAt,
    );
    const edited = `ecdsa-sha2-nistp256 ${btoa(String.fromCharCode(...blob))}`;
    expect(sshKeyProblem(edited)).toContain('expected nistp256');
  });
});

import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parsePrivateKey, randomSerialNumber, signingKeyOf } from './keys';

describe('randomSerialNumber', () => {
  it('is a positive 128-bit number in hex, different every time', () => {
    const serials = Array.from({ length: 200 }, () => randomSerialNumber());
    for (const serial of serials) {
      expect(serial).toMatch(/^[0-9a-f]{32}$/);
      // Top bit clear (positive DER INTEGER), next bit set (full length).
      expect(parseInt(serial.slice(0, 2), 16) & 0xc0).toBe(0x40);
    }
    expect(new Set(serials).size).toBe(serials.length);
  });
});

describe('signingKeyOf', () => {
  it.each([
    ['P-256', 'prime256v1', 'SHA-256'],
    ['P-384', 'secp384r1', 'SHA-384'],
  ])('signs with ECDSA %s and its matching hash', (_curve, namedCurve, hash) => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve });
    const signing = signingKeyOf(parsePrivateKey(privateKey.export({ type: 'sec1', format: 'pem' }).toString()));
    expect(signing.algorithm).toEqual({ name: 'ECDSA', hash });
  });

  it('accepts a PKCS#1 RSA key, as older kubeadm CAs have', () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const signing = signingKeyOf(parsePrivateKey(privateKey.export({ type: 'pkcs1', format: 'pem' }).toString()));
    expect(signing.algorithm).toEqual({ name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' });
  });

  it('refuses key types a Kubernetes CA cannot have', () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    expect(() => signingKeyOf(privateKey)).toThrow(/unsupported key type ed25519/);
  });

  it('refuses text that is not a key', () => {
    expect(() => parsePrivateKey('-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n')).toThrow();
  });
});

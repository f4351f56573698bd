import { createPrivateKey, createPublicKey, randomBytes, type KeyObject } from 'node:crypto';
import { nodeCrypto, x509 } from './x509';

/** ECDSA P-256 for every new key: small, fast, and accepted by every Kubernetes component. */
const NEW_KEY_ALGORITHM: EcKeyGenParams = { name: 'ECDSA', namedCurve: 'P-256' };

/** A private key ready to sign certificates, with the algorithm its signatures use. */
export interface SigningKey {
  key: CryptoKey;
  algorithm: Algorithm | EcdsaParams | RsaHashedImportParams;
  /** DER SubjectPublicKeyInfo of the matching public key. */
  spki: Buffer;
}

/** Ends a PEM with exactly one newline, as OpenSSL and Go write them. */
function pem(der: ArrayBuffer, label: string): string {
  return `${x509.PemConverter.encode(der, label).trimEnd()}\n`;
}

/** Creates a new extractable ECDSA P-256 key pair. */
export async function generateKeyPair(): Promise<CryptoKeyPair> {
  return nodeCrypto.subtle.generateKey(NEW_KEY_ALGORITHM, true, ['sign', 'verify']);
}

/** PKCS#8 PEM (`PRIVATE KEY`) of a private key. */
export async function privateKeyPem(key: CryptoKey): Promise<string> {
  return pem(await nodeCrypto.subtle.exportKey('pkcs8', key), 'PRIVATE KEY');
}

/** SubjectPublicKeyInfo PEM (`PUBLIC KEY`) of a public key. */
export async function publicKeyPem(key: CryptoKey): Promise<string> {
  return pem(await nodeCrypto.subtle.exportKey('spki', key), 'PUBLIC KEY');
}

/**
 * Parses a PEM private key in any common encoding (PKCS#8, PKCS#1 `RSA PRIVATE KEY`, SEC1
 * `EC PRIVATE KEY`), so a CA brought over from kubeadm or OpenSSL can be reused.
 * @throws Error when the text is not a private key.
 */
export function parsePrivateKey(keyPem: string): KeyObject {
  return createPrivateKey({ key: keyPem, format: 'pem' });
}

/** DER SubjectPublicKeyInfo of the public half of a private key. */
export function spkiOfPrivateKey(key: KeyObject): Buffer {
  return createPublicKey(key).export({ type: 'spki', format: 'der' });
}

/** SubjectPublicKeyInfo PEM of the public half of a private key. */
export function publicPemOfPrivateKey(key: KeyObject): string {
  return `${createPublicKey(key).export({ type: 'spki', format: 'pem' }).toString().trimEnd()}\n`;
}

const CURVES: Record<string, { namedCurve: string; hash: string }> = {
  prime256v1: { namedCurve: 'P-256', hash: 'SHA-256' },
  secp384r1: { namedCurve: 'P-384', hash: 'SHA-384' },
  secp521r1: { namedCurve: 'P-521', hash: 'SHA-512' },
};

/**
 * Turns a parsed private key into a WebCrypto signing key with the signature algorithm to use:
 * ECDSA with the curve's matching hash, or RSASSA-PKCS1-v1_5 with SHA-256.
 * @throws Error for key types a Kubernetes CA cannot have (Ed25519, DSA, ...).
 */
export function signingKeyOf(key: KeyObject): SigningKey {
  const spki = spkiOfPrivateKey(key);
  if (key.asymmetricKeyType === 'ec') {
    const curve = CURVES[key.asymmetricKeyDetails?.namedCurve ?? ''];
    if (curve === undefined) throw new Error(`unsupported EC curve ${key.asymmetricKeyDetails?.namedCurve ?? '?'}`);
    const cryptoKey = key.toCryptoKey({ name: 'ECDSA', namedCurve: curve.namedCurve }, true, ['sign']);
    return { key: cryptoKey as CryptoKey, algorithm: { name: 'ECDSA', hash: curve.hash }, spki };
  }
  if (key.asymmetricKeyType === 'rsa') {
    const algorithm = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
    return { key: key.toCryptoKey(algorithm, true, ['sign']) as CryptoKey, algorithm, spki };
  }
  throw new Error(`unsupported key type ${key.asymmetricKeyType ?? '?'} (want EC or RSA)`);
}

/**
 * A random positive 128-bit serial number in hex (RFC 5280 §4.1.2.2 allows up to 20 octets).
 * The top bit is cleared so the DER INTEGER stays positive, and the next one is set so the
 * number always has its full length.
 */
export function randomSerialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] = ((bytes[0] ?? 0) & 0x7f) | 0x40;
  return bytes.toString('hex');
}

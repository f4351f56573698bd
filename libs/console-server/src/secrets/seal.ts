import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { StrataError } from '@strata/errors';
import { SECRET_KEY_ENV, type SecretKey } from './secret-key';

const FORMAT = 'v1';
const IV_BYTES = 12; // the GCM standard nonce size (NIST SP 800-38D)

/**
 * Encrypts `plaintext` with AES-256-GCM under a fresh random IV. `context` (for example the
 * owning row's id) is authenticated but not stored, so a sealed value copied to another row
 * does not open there. Output: `v1.<key id>.<iv>.<tag>.<ciphertext>`, base64url parts.
 */
export function seal(key: SecretKey, plaintext: string, context: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key.key, iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [FORMAT, key.id, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ciphertext.toString('base64url')].join('.');
}

function keyHint(key: SecretKey): string {
  return key.source === 'env' ? SECRET_KEY_ENV : (key.file ?? 'the secret key file');
}

/**
 * Decrypts a value made by {@link seal}.
 * @throws StrataError (internal) saying whether the key changed or the value was altered.
 */
export function unseal(key: SecretKey, sealed: string, context: string, what: string): string {
  const parts = sealed.split('.');
  if (parts.length !== 5 || parts[0] !== FORMAT) throw new StrataError('internal', `${what} is not in a sealed format this console understands`);
  const [, keyId, iv, tag, ciphertext] = parts as [string, string, string, string, string];
  if (keyId !== key.id) {
    throw new StrataError(
      'internal',
      `${what} was encrypted with another secret key (key id ${keyId}; the console now uses ${key.id} from ${keyHint(key)}). Restore the original key, or remove and register the cluster again.`,
    );
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', key.key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
  } catch (error) {
    throw new StrataError('internal', `${what} failed its integrity check: the stored ciphertext was altered or belongs to another record`, { cause: error });
  }
}

import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { ProviderError } from '@strata/errors';
import { loadOrCreateSecret } from './key-files';

const ALGORITHM = 'aes-256-gcm';
const FORMAT = 'v1';

/**
 * Seals credential values at rest with AES-256-GCM under the key in `credentials.key`
 * (32 random bytes, base64, mode 0600). Each sealed value has its own IV and is bound to its
 * credential id (additional authenticated data), so a sealed value copied onto another row
 * does not open.
 */
export class CredentialBox {
  private constructor(private readonly key: Buffer) {}

  static open(keyFile: string): CredentialBox {
    const { value } = loadOrCreateSecret(keyFile, () => randomBytes(32).toString('base64'), 40);
    const key = Buffer.from(value, 'base64');
    if (key.length !== 32)
      throw new ProviderError(`${keyFile} does not hold a 32-byte key; move it aside to create a new one (stored credentials are then lost)`);
    return new CredentialBox(key);
  }

  seal(id: string, values: Readonly<Record<string, string>>): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv(ALGORITHM, this.key, iv);
    cipher.setAAD(Buffer.from(id));
    const data = Buffer.concat([cipher.update(JSON.stringify(values), 'utf8'), cipher.final()]);
    return [FORMAT, iv.toString('base64'), cipher.getAuthTag().toString('base64'), data.toString('base64')].join(':');
  }

  open(id: string, sealed: string): Record<string, string> {
    const [format, iv, tag, data] = sealed.split(':');
    if (format !== FORMAT || !iv || !tag || data === undefined) throw new ProviderError(`credential ${id} is stored in an unknown format`);
    try {
      const decipher = createDecipheriv(ALGORITHM, this.key, Buffer.from(iv, 'base64'));
      decipher.setAAD(Buffer.from(id));
      decipher.setAuthTag(Buffer.from(tag, 'base64'));
      const text = Buffer.concat([decipher.update(Buffer.from(data, 'base64')), decipher.final()]).toString('utf8');
      return JSON.parse(text) as Record<string, string>;
    } catch {
      throw new ProviderError(`credential ${id} does not open with credentials.key (the key was replaced); store the credential again`);
    }
  }
}

/** The first 16 hex digits of the SHA-256 of the values with their keys sorted. */
export function credentialFingerprint(values: Readonly<Record<string, string>>): string {
  const canonical = JSON.stringify(Object.fromEntries(Object.entries(values).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))));
  return createHash('sha256').update(canonical).digest('hex').slice(0, 16);
}

import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError, NotAllowedError } from '@strata/errors';
import { ensurePrivateDir } from '../store/data-dir';

/** Environment variable holding the console's secret key: 32 random bytes in base64. */
export const SECRET_KEY_ENV = 'STRATA_CONSOLE_SECRET_KEY';

/** Name of the key file generated in the data directory when the environment names no key. */
export const SECRET_KEY_FILE = 'secret.key';

/** The AES-256 key that seals secrets at rest. */
export interface SecretKey {
  /** 32 bytes. */
  readonly key: Buffer;
  /** A short fingerprint stored beside each sealed value, so a changed key is told apart from tampering. */
  readonly id: string;
  /** Where the key came from. */
  readonly source: 'env' | 'file';
  /** The key file, when the key came from one. */
  readonly file?: string;
}

const KEY_BYTES = 32;

/** The fingerprint of a key: the first 8 bytes of SHA-256 over a label and the key, hex. */
export function secretKeyId(key: Buffer): string {
  return createHash('sha256').update('strata-console-secret-key\0').update(key).digest('hex').slice(0, 16);
}

function decodeKey(text: string, where: string, path: string): Buffer {
  const trimmed = text.trim();
  const key = /^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed) ? Buffer.from(trimmed, 'base64') : Buffer.alloc(0);
  if (key.length !== KEY_BYTES) {
    throw new InputError(`${where} must be ${KEY_BYTES} random bytes in base64 (e.g. the output of \`openssl rand -base64 32\`)`, [
      { path, message: `must decode to exactly ${KEY_BYTES} bytes (got ${key.length})` },
    ]);
  }
  return key;
}

/**
 * The console's secret key: $STRATA_CONSOLE_SECRET_KEY when set, else `<dataDir>/secret.key`,
 * generated on first use with mode 0600. A key file that group or others can read is refused,
 * since whoever reads it can decrypt every stored kubeconfig.
 * @throws InputError for a malformed key; NotAllowedError for a key file others can read.
 */
export function loadSecretKey(options: { dataDir: string; env?: Record<string, string | undefined> }): SecretKey {
  const fromEnv = (options.env ?? process.env)[SECRET_KEY_ENV];
  if (fromEnv !== undefined && fromEnv.trim() !== '') {
    const key = decodeKey(fromEnv, SECRET_KEY_ENV, SECRET_KEY_ENV);
    return { key, id: secretKeyId(key), source: 'env' };
  }
  const file = join(options.dataDir, SECRET_KEY_FILE);
  ensurePrivateDir(options.dataDir);
  try {
    // 'wx' fails when the file exists, so two consoles starting at once never overwrite each other's key.
    writeFileSync(file, `${randomBytes(KEY_BYTES).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const mode = statSync(file).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw new NotAllowedError(`the console's secret key file ${file} is readable by other users (mode ${mode.toString(8)}); run chmod 600 ${file}`);
  }
  const key = decodeKey(readFileSync(file, 'utf8'), `the secret key file ${file}`, file);
  return { key, id: secretKeyId(key), source: 'file', file };
}

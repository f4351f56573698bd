import { readFileSync } from 'node:fs';
import { InputError, withContext } from '@strata/errors';
import { JwksSchema, mergeTrustedKeys, type Jwks, type TrustedKeys } from './jwks';
import { problemsOf } from './problems';
import { SHIPPED_JWKS } from './shipped-keys';

/** Environment variable naming extra JWKS files to trust, separated by the path delimiter (`:`). */
export const TRUSTED_KEYS_ENV = 'STRATA_LICENSE_TRUSTED_KEYS';

/** Options of `loadTrustedKeys`. */
export interface LoadTrustedKeysOptions {
  /** Environment to read STRATA_LICENSE_TRUSTED_KEYS from; default `process.env`. */
  env?: Record<string, string | undefined>;
  /** Whether to include the keys Strata ships with; default true. */
  includeShipped?: boolean;
}

/** Reads and validates one JWKS file. */
export function readJwksFile(path: string): Jwks {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw withContext(new InputError(error instanceof Error ? error.message : String(error)), `reading trusted keys ${path}`);
  }
  const parsed = JwksSchema.safeParse(raw);
  if (!parsed.success) throw new InputError(`trusted keys ${path} is not a valid JWKS of Ed25519 public keys`, problemsOf(parsed.error));
  return parsed.data;
}

/**
 * The keys licenses are verified against: the public keys Strata ships plus every key in the
 * JWKS files named by STRATA_LICENSE_TRUSTED_KEYS (how a vendor's own deployment or a test adds
 * keys). Reads the files on every call; `verifyLicense` caches the default set instead.
 * Throws InputError when a file is unreadable or invalid, or reuses a key id for another key.
 */
export function loadTrustedKeys(options: LoadTrustedKeysOptions = {}): TrustedKeys {
  const env = options.env ?? process.env;
  const sets: { jwks: Jwks; source: string }[] = [];
  if (options.includeShipped ?? true) sets.push({ jwks: SHIPPED_JWKS, source: 'the keys shipped with Strata' });
  for (const path of (env[TRUSTED_KEYS_ENV] ?? '').split(':').filter((p) => p.trim() !== '')) {
    sets.push({ jwks: readJwksFile(path), source: path });
  }
  return mergeTrustedKeys(sets);
}

let cached: { setting: string | undefined; keys: TrustedKeys } | undefined;

/** `loadTrustedKeys()` cached until STRATA_LICENSE_TRUSTED_KEYS changes. */
export function defaultTrustedKeys(): TrustedKeys {
  const setting = process.env[TRUSTED_KEYS_ENV];
  if (!cached || cached.setting !== setting) cached = { setting, keys: loadTrustedKeys() };
  return cached.keys;
}

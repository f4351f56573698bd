import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';

/**
 * The secret in `file`, created with `create` (mode 0600) when the file is absent or holds
 * too little; an existing file is set back to 0600 in case someone loosened it.
 */
export function loadOrCreateSecret(file: string, create: () => string, minLength: number): { value: string; created: boolean } {
  if (existsSync(file)) {
    chmodSync(file, 0o600);
    const value = readFileSync(file, 'utf8').trim();
    if (value.length >= minLength) return { value, created: false };
  }
  const value = create();
  writeFileSync(file, `${value}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return { value, created: true };
}

/** The bearer token the console's server calls the service with (`<data dir>/service-token`). */
export function loadOrCreateToken(file: string): { value: string; created: boolean } {
  return loadOrCreateSecret(file, () => `sit_${randomBytes(32).toString('base64url')}`, 24);
}

import { randomBytes } from 'node:crypto';

/** A new random id with a readable prefix, e.g. `usr_8f3k2m9q4x1c7v5b`: 80 random bits in base32. */
export function newId(prefix: string): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  const bytes = randomBytes(16);
  let id = '';
  for (const byte of bytes) id += alphabet[byte & 31];
  return `${prefix}_${id}`;
}

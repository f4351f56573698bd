import { randomBytes } from 'node:crypto';

/** A random id with a type prefix, e.g. `cus_Qm3k...`; 96 random bits, URL- and license-id-safe. */
export function newId(prefix: 'cus' | 'sub' | 'lic' | 'tok'): string {
  return `${prefix}_${randomBytes(12).toString('base64url')}`;
}

import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { InputError } from '@strata/errors';

/** scrypt cost parameters; N = 2^log2N. */
export interface ScryptParams {
  log2N: number;
  r: number;
  p: number;
}

/**
 * The parameters new hashes use: N = 2^15, r = 8, p = 1 takes 32 MiB and about 100 ms per
 * hash, the OWASP password storage recommendation for scrypt.
 */
export const PASSWORD_HASH_PARAMS: Readonly<ScryptParams> = { log2N: 15, r: 8, p: 1 };

/** Shortest and longest passwords accepted. */
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 1024;

const SALT_BYTES = 16;
const HASH_BYTES = 32;
// PHC string format: $scrypt$ln=15,r=8,p=1$<salt>$<hash>, unpadded standard base64.
const PHC = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/;

function derive(password: string, salt: Buffer, params: ScryptParams, length: number): Promise<Buffer> {
  const N = 2 ** params.log2N;
  // Node refuses scrypt above 32 MiB by default; 128·N·r bytes is what it needs.
  const options: ScryptOptions = { N, r: params.r, p: params.p, maxmem: 256 * N * params.r };
  return new Promise((resolve, reject) => scrypt(password.normalize('NFC'), salt, length, options, (error, key) => (error ? reject(error) : resolve(key))));
}

function b64(bytes: Buffer): string {
  return bytes.toString('base64').replace(/=+$/, '');
}

/** Throws InputError unless `password` is an acceptable length. */
export function checkPasswordPolicy(password: unknown, path = 'password'): asserts password is string {
  if (typeof password !== 'string' || password.length < PASSWORD_MIN_LENGTH) {
    throw new InputError(`the password must be at least ${PASSWORD_MIN_LENGTH} characters`, [
      { path, message: `must be at least ${PASSWORD_MIN_LENGTH} characters` },
    ]);
  }
  if (password.length > PASSWORD_MAX_LENGTH) {
    throw new InputError(`the password must be at most ${PASSWORD_MAX_LENGTH} characters`, [
      { path, message: `must be at most ${PASSWORD_MAX_LENGTH} characters` },
    ]);
  }
}

/** Hashes a password with scrypt under a fresh 16-byte salt; the PHC string carries the parameters. */
export async function hashPassword(password: string, params: ScryptParams = PASSWORD_HASH_PARAMS): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const hash = await derive(password, salt, params, HASH_BYTES);
  return `$scrypt$ln=${params.log2N},r=${params.r},p=${params.p}$${b64(salt)}$${b64(hash)}`;
}

/** The parameters a stored hash was made with, or undefined when it is not one of ours. */
export function parsePasswordHash(stored: string): (ScryptParams & { salt: Buffer; hash: Buffer }) | undefined {
  const match = PHC.exec(stored);
  if (!match) return undefined;
  const [, ln, r, p, salt, hash] = match as unknown as [string, string, string, string, string, string];
  const params = { log2N: Number(ln), r: Number(r), p: Number(p) };
  if (params.log2N < 1 || params.log2N > 22 || params.r < 1 || params.p < 1) return undefined;
  return { ...params, salt: Buffer.from(salt, 'base64'), hash: Buffer.from(hash, 'base64') };
}

/** Whether a stored hash uses weaker parameters than new hashes do, and should be redone at the next login. */
export function needsRehash(stored: string): boolean {
  const parsed = parsePasswordHash(stored);
  return !parsed || parsed.log2N < PASSWORD_HASH_PARAMS.log2N || parsed.r < PASSWORD_HASH_PARAMS.r;
}

/** Checks `password` against a stored hash in constant time; false for a malformed hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parsePasswordHash(stored);
  if (!parsed || parsed.hash.length === 0) return false;
  const candidate = await derive(password, parsed.salt, parsed, parsed.hash.length);
  return timingSafeEqual(candidate, parsed.hash);
}

let dummy: Promise<string> | undefined;

/**
 * A hash of a random password with the current parameters. Checking a password for an
 * unknown user against it costs what a real check costs, so response times do not tell
 * which usernames exist.
 */
export function dummyPasswordHash(): Promise<string> {
  dummy ??= hashPassword(randomBytes(16).toString('hex'));
  return dummy;
}

/**
 * OpenSSH public key lines (`<type> <base64 blob> [comment]`, as in authorized_keys and
 * *.pub files). The blob is the RFC 4253 §6.6 wire encoding, which starts with the key
 * type as a length-prefixed string; checking that catches keys whose type was edited or
 * whose base64 was truncated. Decoding uses `atob`, available in browsers and Node.js.
 */
import { show } from './show';

/** Key types Strata writes into machines' authorized_keys. */
export const SSH_KEY_TYPES = ['ssh-ed25519', 'ssh-rsa', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521'] as const;

/** One accepted SSH public key type. */
export type SshKeyType = (typeof SSH_KEY_TYPES)[number];

/** A parsed OpenSSH public key line. */
export interface SshPublicKey {
  type: SshKeyType;
  /** The decoded wire-format key. */
  blob: Uint8Array;
  comment?: string;
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** Reads the length-prefixed strings of an SSH wire blob; `undefined` when a length runs past the end. */
function readStrings(blob: Uint8Array, count: number): Uint8Array[] | undefined {
  const fields: Uint8Array[] = [];
  let offset = 0;
  for (let i = 0; i < count; i++) {
    if (offset + 4 > blob.length) return undefined;
    const length = (blob[offset] ?? 0) * 2 ** 24 + ((blob[offset + 1] ?? 0) << 16) + ((blob[offset + 2] ?? 0) << 8) + (blob[offset + 3] ?? 0);
    offset += 4;
    if (offset + length > blob.length) return undefined;
    fields.push(blob.subarray(offset, offset + length));
    offset += length;
  }
  return fields;
}

function ascii(bytes: Uint8Array | undefined): string {
  return bytes === undefined ? '' : String.fromCharCode(...bytes);
}

function decodeBase64(text: string): Uint8Array | undefined {
  if (!BASE64.test(text) || text.length % 4 !== 0) return undefined;
  try {
    const binary = atob(text);
    return Uint8Array.from(binary, (c) => c.charCodeAt(0));
  } catch {
    return undefined;
  }
}

/** Checks the fields after the type string: ed25519 holds a 32-byte key, ECDSA names its curve, RSA holds e and n. */
function bodyProblem(type: SshKeyType, blob: Uint8Array): string | undefined {
  if (type === 'ssh-ed25519') {
    const fields = readStrings(blob, 2);
    return fields?.[1]?.length === 32 ? undefined : 'the ssh-ed25519 key data is truncated (expected a 32-byte key)';
  }
  if (type === 'ssh-rsa') {
    const fields = readStrings(blob, 3);
    return fields && (fields[2]?.length ?? 0) > 0 ? undefined : 'the ssh-rsa key data is truncated (missing exponent or modulus)';
  }
  const fields = readStrings(blob, 3);
  const curve = type.slice('ecdsa-sha2-'.length);
  if (!fields || ascii(fields[1]) !== curve || (fields[2]?.length ?? 0) === 0) {
    return `the ${type} key data is truncated or names another curve (expected ${curve})`;
  }
  return undefined;
}

/**
 * Why `line` is not an accepted OpenSSH public key, or `undefined`. Messages name the
 * fix, e.g. pasting the `.pub` file instead of the private key.
 */
export function sshKeyProblem(line: string): string | undefined {
  const trimmed = line.trim();
  if (trimmed.includes('PRIVATE KEY')) {
    return 'this is a private key; paste the public key instead (the one-line content of the .pub file)';
  }
  const [type = '', data] = trimmed.split(/\s+/);
  if (!(SSH_KEY_TYPES as readonly string[]).includes(type)) {
    return `unsupported key type ${show(type)}; use one of ${SSH_KEY_TYPES.join(', ')} (e.g. the content of ~/.ssh/id_ed25519.pub)`;
  }
  if (data === undefined) return `the ${type} key has no key data after the type; paste the whole line of the .pub file`;
  const blob = decodeBase64(data);
  if (blob === undefined) return `the ${type} key data is not valid base64; paste the whole line of the .pub file unchanged`;
  const embedded = ascii(readStrings(blob, 1)?.[0]);
  if (embedded !== type) {
    return `the key data is for ${show(embedded || 'an unknown type')} but the line says ${show(type)}; paste the .pub file unchanged`;
  }
  return bodyProblem(type as SshKeyType, blob);
}

/** Parses an OpenSSH public key line; throws a `RangeError` naming the problem when it is not one. */
export function parseSshPublicKey(line: string): SshPublicKey {
  const problem = sshKeyProblem(line);
  if (problem !== undefined) throw new RangeError(problem);
  const [type = '', data = '', ...comment] = line.trim().split(/\s+/);
  const key: SshPublicKey = { type: type as SshKeyType, blob: decodeBase64(data) ?? new Uint8Array() };
  if (comment.length > 0) key.comment = comment.join(' ');
  return key;
}

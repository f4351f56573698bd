// Plain TypeScript base64 (RFC 4648, standard alphabet) so the library needs neither
// Node's Buffer nor the browser-only atob/btoa and behaves the same everywhere.

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

const DECODE_TABLE: Int16Array = (() => {
  const table = new Int16Array(128).fill(-1);
  for (let i = 0; i < ALPHABET.length; i++) table[ALPHABET.charCodeAt(i)] = i;
  return table;
})();

/** Encodes bytes as padded base64. */
export function base64Encode(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    // Missing bytes of the last group count as zero; padding replaces their sextets.
    const n = ((bytes[i] ?? 0) << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const left = bytes.length - i;
    out += ALPHABET.charAt((n >> 18) & 63) + ALPHABET.charAt((n >> 12) & 63);
    out += left > 1 ? ALPHABET.charAt((n >> 6) & 63) : '=';
    out += left > 2 ? ALPHABET.charAt(n & 63) : '=';
  }
  return out;
}

/**
 * Decodes base64 with or without padding. Throws on characters outside the alphabet,
 * misplaced padding or an impossible length, because silently dropping them would
 * change file contents.
 */
export function base64Decode(text: string): Uint8Array {
  let end = text.length;
  if (end % 4 === 0 && text.endsWith('==')) end -= 2;
  else if (end % 4 === 0 && text.endsWith('=')) end -= 1;
  if (end % 4 === 1) throw new Error('invalid base64 length');
  const out = new Uint8Array(Math.floor((end * 3) / 4));
  let buffer = 0;
  let bits = 0;
  let o = 0;
  for (let i = 0; i < end; i++) {
    const code = text.charCodeAt(i);
    const value = DECODE_TABLE[code] ?? -1;
    if (value < 0) throw new Error(`invalid base64 character at offset ${i}`);
    buffer = (buffer << 6) | value;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (buffer >> bits) & 0xff;
    }
  }
  return out;
}

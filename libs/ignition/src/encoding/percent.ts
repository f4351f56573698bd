// Percent-encoding for the data part of `data:` URLs (RFC 2397 data is RFC 2396 `uric`).
// Only characters that survive every URL parser untouched stay literal: the RFC 2396
// unreserved set plus `/ : = , @`, which keeps paths, URLs and key=value lines readable.
// `%`, `#`, `?`, `+`, `&`, `;`, spaces, newlines and every non-ASCII byte are escaped.

const LITERAL = new Uint8Array(128);
for (const ch of "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.!~*'()/:=,@") {
  LITERAL[ch.charCodeAt(0)] = 1;
}

const HEX = '0123456789ABCDEF';

/** Percent-encodes bytes (upper-case hex), leaving only URL-safe ASCII literal. */
export function percentEncode(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) {
    out += byte < 128 && LITERAL[byte] === 1 ? String.fromCharCode(byte) : '%' + HEX.charAt(byte >> 4) + HEX.charAt(byte & 15);
  }
  return out;
}

/**
 * Decodes `%XX` escapes into bytes; other characters contribute their UTF-8 bytes.
 * Throws on a `%` that is not followed by two hex digits.
 */
export function percentDecode(text: string): Uint8Array {
  const utf8 = new TextEncoder().encode(text);
  const out = new Uint8Array(utf8.length);
  let o = 0;
  for (let i = 0; i < utf8.length; i++) {
    const byte = utf8[i] ?? 0;
    if (byte !== 0x25) {
      out[o++] = byte;
      continue;
    }
    const high = hexValue(utf8[i + 1]);
    const low = hexValue(utf8[i + 2]);
    if (high < 0 || low < 0) throw new Error(`invalid percent escape at offset ${i}`);
    out[o++] = (high << 4) | low;
    i += 2;
  }
  return out.slice(0, o);
}

function hexValue(byte: number | undefined): number {
  if (byte === undefined) return -1;
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
  if (byte >= 0x41 && byte <= 0x46) return byte - 0x41 + 10;
  if (byte >= 0x61 && byte <= 0x66) return byte - 0x61 + 10;
  return -1;
}

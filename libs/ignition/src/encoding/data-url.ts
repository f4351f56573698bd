import { base64Decode, base64Encode } from './base64';
import { percentDecode, percentEncode } from './percent';

const TEXT_PREFIX = 'data:,';
const BASE64_PREFIX = 'data:;base64,';

/**
 * Encodes file contents as an RFC 2397 `data:` URL, the way Ignition embeds files.
 *
 * Strings are UTF-8 encoded and written as `data:,<percent-encoded>` unless base64 is
 * shorter (or equal-length ties go to the readable form); byte arrays are always
 * `data:;base64,<...>`. The choice depends only on the contents, so output is stable.
 */
export function encodeDataUrl(contents: string | Uint8Array): string {
  if (typeof contents !== 'string') return BASE64_PREFIX + base64Encode(contents);
  const bytes = new TextEncoder().encode(contents);
  const text = TEXT_PREFIX + percentEncode(bytes);
  const base64 = BASE64_PREFIX + base64Encode(bytes);
  return text.length <= base64.length ? text : base64;
}

/**
 * Decodes an RFC 2397 `data:` URL into its bytes. Any media type is accepted; the data
 * is base64 when the last parameter before the comma is `base64`. Throws an `Error`
 * describing the problem for anything else.
 */
export function decodeDataUrl(source: string): Uint8Array {
  if (source.slice(0, 5).toLowerCase() !== 'data:') throw new Error('not a data: URL');
  const comma = source.indexOf(',');
  if (comma < 0) throw new Error('data: URL has no comma before its data');
  const params = source.slice(5, comma).split(';');
  const isBase64 = params.length > 1 && params.at(-1)?.trim().toLowerCase() === 'base64';
  const data = percentDecode(source.slice(comma + 1));
  if (!isBase64) return data;
  let ascii = '';
  for (const byte of data) ascii += String.fromCharCode(byte);
  return base64Decode(ascii);
}

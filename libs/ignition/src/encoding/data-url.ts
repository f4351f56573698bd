import parseDataURL from 'data-urls';

const TEXT_PREFIX = 'data:,';
const BASE64_PREFIX = 'data:;base64,';

/**
 * Encodes file contents as an RFC 2397 `data:` URL, the way Ignition embeds files.
 *
 * Strings are UTF-8 encoded and written as `data:,<percent-encoded>` unless base64 is
 * shorter (equal-length ties go to the readable form); byte arrays are always
 * `data:;base64,<...>`. The choice depends only on the contents, so output is stable.
 */
export function encodeDataUrl(contents: string | Uint8Array): string {
  if (typeof contents !== 'string') return BASE64_PREFIX + toBase64(contents);
  const bytes = new TextEncoder().encode(contents);
  // Decoding the UTF-8 again replaces lone surrogates with U+FFFD, as TextEncoder did,
  // where encodeURIComponent would throw.
  const text = TEXT_PREFIX + percentEncode(new TextDecoder().decode(bytes));
  const base64 = BASE64_PREFIX + toBase64(bytes);
  return text.length <= base64.length ? text : base64;
}

/**
 * Decodes an RFC 2397 `data:` URL into its bytes with the WHATWG parser of `data-urls`.
 * Throws an `Error` describing the problem for a URL `ignition-validate` would reject.
 */
export function decodeDataUrl(source: string): Uint8Array {
  const problem = ignitionDataUrlProblem(source);
  if (problem !== undefined) throw new Error(problem);
  const parsed = parseDataURL(source);
  if (parsed === null) throw new Error('not a data: URL');
  return parsed.body;
}

/**
 * `encodeURIComponent`, with `/ : = , @` left literal so paths, URLs and key=value lines
 * stay readable; all five are RFC 2396 `uric` characters that Ignition reads as themselves.
 */
function percentEncode(text: string): string {
  return encodeURIComponent(text).replace(/%(?:2F|3A|3D|2C|40)/g, decodeURIComponent);
}

/** Standard padded base64 through `btoa`, which takes one character per byte. */
function toBase64(bytes: Uint8Array): string {
  let binary = '';
  // Bounded chunks: spreading a multi-megabyte file at once would exceed the argument limit.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

// ignition-validate reads data: URLs with github.com/vincent-petithory/dataurl, which is
// stricter than the WHATWG parser in data-urls (that one forgives case, whitespace,
// missing padding, stray "%" and characters such as "#" or spaces). The checks below
// reject what Ignition rejects, so a config this library accepts also passes there:
// a lower-case "data:" and ";base64", a media type with a MIME top-level type, RFC 2396
// URL characters and well-formed %XX escapes in text data, and strictly padded standard
// base64 without escapes. A comma inside a quoted parameter, which Ignition allows, is
// refused too, because the WHATWG parser would take it for the start of the data.
const TOKEN_CHAR = "[!#$%&'*+.0-9A-Z^_`a-z{|}~-]";
const TOP_LEVEL_TYPE = `(?:text|image|audio|video|application|message|multipart|[xX]-)${TOKEN_CHAR}*`;
const PARAMETER = `;${TOKEN_CHAR}+=(?:${TOKEN_CHAR}+|"(?:[ !#-+\\--\\[\\]-~]|\\\\[ -+\\--~])*")`;
const HEADER = new RegExp(`^data:(?:${TOP_LEVEL_TYPE}/${TOKEN_CHAR}+)?(?:${PARAMETER})*(;base64)?,$`);
const STRICT_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const BAD_TEXT_DATA = /[^!$&'()*+,\-./0-9:;=?@A-Z_a-z~%]|%(?![0-9A-Fa-f]{2})/;

function ignitionDataUrlProblem(source: string): string | undefined {
  if (!source.startsWith('data:')) {
    return source.slice(0, 5).toLowerCase() === 'data:' ? 'must start with "data:" in lower case' : 'not a data: URL';
  }
  const comma = source.indexOf(',');
  if (comma < 0) return 'no comma before the data';
  const header = HEADER.exec(source.slice(0, comma + 1));
  if (header === null) {
    return `"${source.slice(0, comma + 1)}" is not a header Ignition reads; write "data:,", "data:;base64," or "data:<type>/<subtype>[;<name>=<value>][;base64],"`;
  }
  const data = source.slice(comma + 1);
  if (header[1] !== undefined) {
    return STRICT_BASE64.test(data)
      ? undefined
      : 'invalid base64: use padded standard base64 (A-Z a-z 0-9 + /, "=" only at the end), without spaces or %XX escapes';
  }
  const bad = BAD_TEXT_DATA.exec(data);
  if (bad === null) return undefined;
  const offset = comma + 1 + bad.index;
  return bad[0] === '%'
    ? `invalid percent escape at offset ${offset}; write "%25" for a literal "%"`
    : `invalid data character ${JSON.stringify(bad[0])} at offset ${offset}; percent-encode it`;
}

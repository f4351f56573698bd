import { describe, expect, it } from 'vitest';
import { base64Decode, base64Encode } from './base64';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('base64Encode', () => {
  // RFC 4648 section 10 test vectors.
  it.each([
    ['', ''],
    ['f', 'Zg=='],
    ['fo', 'Zm8='],
    ['foo', 'Zm9v'],
    ['foob', 'Zm9vYg=='],
    ['fooba', 'Zm9vYmE='],
    ['foobar', 'Zm9vYmFy'],
  ])('encodes %j as %j', (input, expected) => {
    expect(base64Encode(bytes(input))).toBe(expected);
  });

  it('matches Node for every byte value at every alignment', () => {
    for (let offset = 0; offset < 3; offset++) {
      const data = new Uint8Array(256 + offset).map((_, i) => (i * 7 + offset) % 256);
      expect(base64Encode(data)).toBe(Buffer.from(data).toString('base64'));
    }
  });
});

describe('base64Decode', () => {
  it('round-trips every byte value', () => {
    const data = new Uint8Array(300).map((_, i) => (i * 31) % 256);
    expect(base64Decode(base64Encode(data))).toEqual(data);
  });

  it('accepts unpadded input', () => {
    expect(new TextDecoder().decode(base64Decode('Zm9vYg'))).toBe('foob');
  });

  it.each([
    ['a character outside the alphabet', 'Zm9v!mFy', /invalid base64 character at offset 4/],
    ['padding in the middle', 'Zg==Zm9v', /invalid base64 character/],
    ['an impossible length', 'Zm9vY', /invalid base64 length/],
    ['whitespace', 'Zm9v\nYmE', /invalid base64 character/],
  ])('rejects %s', (_name, input, message) => {
    expect(() => base64Decode(input)).toThrow(message);
  });
});

import { describe, expect, it } from 'vitest';
import { percentDecode, percentEncode } from './percent';

const utf8 = (text: string) => new TextEncoder().encode(text);

describe('percentEncode', () => {
  it.each([
    ['%', '%25'],
    ['#', '%23'],
    ['?', '%3F'],
    ['+', '%2B'],
    ['&', '%26'],
    [';', '%3B'],
    [' ', '%20'],
    ['\n', '%0A'],
    ['\r\n', '%0D%0A'],
    ['"', '%22'],
    ['\\', '%5C'],
    ['ü', '%C3%BC'],
    ['東', '%E6%9D%B1'],
    ['🚀', '%F0%9F%9A%80'],
  ])('escapes %j as %s', (input, expected) => {
    expect(percentEncode(utf8(input))).toBe(expected);
  });

  it('keeps letters, digits and URL-safe punctuation literal', () => {
    const literal = "AZaz09-_.!~*'()/:=,@";
    expect(percentEncode(utf8(literal))).toBe(literal);
  });

  it('escapes bytes that are not valid UTF-8', () => {
    expect(percentEncode(new Uint8Array([0x00, 0x7f, 0x80, 0xff]))).toBe('%00%7F%80%FF');
  });
});

describe('percentDecode', () => {
  it('round-trips every byte value', () => {
    const data = new Uint8Array(256).map((_, i) => i);
    expect(percentDecode(percentEncode(data))).toEqual(data);
  });

  it('accepts lower-case hex and literal non-ASCII characters', () => {
    expect(new TextDecoder().decode(percentDecode('a%c3%bcb東'))).toBe('aüb東');
  });

  it.each(['%', '%2', '%G0', 'abc%zz'])('rejects the broken escape in %j', (input) => {
    expect(() => percentDecode(input)).toThrow(/invalid percent escape/);
  });
});

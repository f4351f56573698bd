import { describe, expect, it } from 'vitest';
import { decodeDataUrl, encodeDataUrl } from './data-url';

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe('encodeDataUrl', () => {
  it('writes readable text as a percent-encoded data URL', () => {
    expect(encodeDataUrl('node-1\n')).toBe('data:,node-1%0A');
  });

  it('writes the empty string as an empty data URL', () => {
    expect(encodeDataUrl('')).toBe('data:,');
  });

  it.each([
    ['%', '%25'],
    ['#', '%23'],
    ['?', '%3F'],
    ['+', '%2B'],
    ['&', '%26'],
    [';', '%3B'],
    [' ', '%20'],
    ['\r\n', '%0D%0A'],
    ['"', '%22'],
    ['\\', '%5C'],
    ['ü', '%C3%BC'],
  ])('escapes %j as %s', (input, expected) => {
    expect(encodeDataUrl(`a${input}`)).toBe(`data:,a${expected}`);
  });

  it('keeps letters, digits and URL-safe punctuation literal', () => {
    const literal = "AZaz09-_.!~*'()/:=,@";
    expect(encodeDataUrl(literal)).toBe(`data:,${literal}`);
  });

  it('switches text to base64 when that is shorter', () => {
    const unicode = 'Grüße aus 東京 🚀\n';
    const url = encodeDataUrl(unicode);
    expect(url).toBe(`data:;base64,${Buffer.from(unicode).toString('base64')}`);
    const percentLength = 'data:,'.length + encodeURIComponent(unicode).length;
    expect(url.length).toBeLessThan(percentLength);
  });

  it('always writes byte arrays as base64, even when they are text', () => {
    expect(encodeDataUrl(new TextEncoder().encode('abc'))).toBe('data:;base64,YWJj');
    expect(encodeDataUrl(new Uint8Array([0, 255]))).toBe('data:;base64,AP8=');
  });

  it('matches Node for every byte value at every alignment', () => {
    for (let offset = 0; offset < 3; offset++) {
      const data = new Uint8Array(256 + offset).map((_, i) => (i * 7 + offset) % 256);
      expect(encodeDataUrl(data)).toBe(`data:;base64,${Buffer.from(data).toString('base64')}`);
    }
  });

  it('encodes contents larger than one argument list', () => {
    const data = new Uint8Array(200_000).map((_, i) => i % 251);
    expect(encodeDataUrl(data)).toBe(`data:;base64,${Buffer.from(data).toString('base64')}`);
  });

  it('writes a lone surrogate as U+FFFD instead of failing', () => {
    expect(text(decodeDataUrl(encodeDataUrl('a\ud800b')))).toBe('a\ufffdb');
  });
});

describe('decodeDataUrl', () => {
  it.each([
    ['data:,hello%20world', 'hello world'],
    ['data:text/plain;charset=utf-8,caf%C3%A9', 'café'],
    ['data:;base64,aGk=', 'hi'],
    ['data:text/plain;charset=utf-8;base64,aGk=', 'hi'],
    ['data:text/plain;charset="utf-8";base64,aGk=', 'hi'],
    ['data:,a?b', 'a?b'],
    ['data:,', ''],
    ['data:;base64,', ''],
  ])('decodes %s', (url, expected) => {
    expect(text(decodeDataUrl(url))).toBe(expected);
  });

  // Each of these is also refused by ignition-validate (see ignition-validate.int.spec.ts).
  it.each([
    ['https://example.com/file', /not a data: URL/],
    ['DATA:,x', /lower case/],
    ['data:text/plain', /no comma/],
    ['data:;BASE64,aGk=', /not a header Ignition reads/],
    ['data:foo,x', /not a header Ignition reads/],
    ['data:;base64,@@@@', /invalid base64/],
    ['data:;base64,aGk', /invalid base64/],
    ['data:;base64,aG%6B=', /invalid base64/],
    ['data:;base64,aG k=', /invalid base64/],
    ['data:,100%', /invalid percent escape at offset 9/],
    ['data:,a%zzb', /invalid percent escape at offset 7/],
    ['data:,a#b', /invalid data character "#" at offset 7/],
    ['data:,a b', /invalid data character " "/],
    ['data:,ü', /invalid data character "ü"/],
    ['data:,x\n', /invalid data character "\\n"/],
  ])('rejects %j', (url, message) => {
    expect(() => decodeDataUrl(url)).toThrow(message);
  });

  it('round-trips pseudo-random text and bytes', () => {
    let seed = 42;
    const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31);
    for (let round = 0; round < 200; round++) {
      const bytes = new Uint8Array(next() % 200).map(() => next() % 256);
      expect(decodeDataUrl(encodeDataUrl(bytes))).toEqual(bytes);
      const chars = Array.from({ length: next() % 100 }, () => String.fromCodePoint(next() % 0xd000));
      const value = chars.join('');
      expect(text(decodeDataUrl(encodeDataUrl(value)))).toBe(value);
    }
  });
});

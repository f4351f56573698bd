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

  it('escapes "%" and "#" so they survive as data', () => {
    expect(encodeDataUrl('a%b#c')).toBe('data:,a%25b%23c');
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

  it('gives the same URL for the same contents', () => {
    expect(encodeDataUrl('x = 1\n')).toBe(encodeDataUrl('x = 1\n'));
  });
});

describe('decodeDataUrl', () => {
  it.each([
    ['data:,hello%20world', 'hello world'],
    ['data:text/plain;charset=utf-8,caf%C3%A9', 'café'],
    ['data:;base64,aGk=', 'hi'],
    ['data:text/plain;charset=utf-8;base64,aGk=', 'hi'],
    ['DATA:;BASE64,aGk', 'hi'],
    ['data:;base64,aG%6B=', 'hi'],
    ['data:,', ''],
  ])('decodes %s', (url, expected) => {
    expect(text(decodeDataUrl(url))).toBe(expected);
  });

  it.each([
    ['https://example.com/file', /not a data: URL/],
    ['data:text/plain', /no comma/],
    ['data:;base64,@@@@', /invalid base64 character/],
    ['data:,100%', /invalid percent escape/],
  ])('rejects %s', (url, message) => {
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

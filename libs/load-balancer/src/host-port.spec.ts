import { describe, expect, it } from 'vitest';
import { InputError } from '@strata/errors';
import { formatHostPort, parseHostPort } from './host-port';

describe('parseHostPort', () => {
  it.each([
    ['127.1.0.1:6443', { host: '127.1.0.1', port: 6443 }],
    ['localhost:80', { host: 'localhost', port: 80 }],
    ['[::1]:6443', { host: '::1', port: 6443 }],
  ])('parses %s', (text, expected) => {
    expect(parseHostPort(text)).toEqual(expected);
    expect(formatHostPort(expected)).toBe(text);
  });

  it.each(['127.1.0.1', ':6443', '127.1.0.1:0', '127.1.0.1:70000', '::1:6443', 'host:port'])('rejects %s naming the flag', (text) => {
    expect(() => parseHostPort(text, 'listen')).toThrow(InputError);
    expect(() => parseHostPort(text, 'listen')).toThrow(/^listen /);
  });
});

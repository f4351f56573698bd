import { describe, expect, it } from 'vitest';
import { compareToExample } from './example-compare';

describe('compareToExample', () => {
  it.each([
    ['equal objects', { a: 1, b: { c: 'x' } }, { a: 1, b: { c: 'x' } }, [], []],
    ['extra fields in the answer', { a: 1 }, { a: 1, z: 2 }, [], []],
    ['a different value', { a: { b: 1 } }, { a: { b: 2 } }, [], ['a.b']],
    ['a missing field', { a: 1, b: 2 }, { a: 1 }, [], ['b']],
    ['arrays of other lengths', { l: [1, 2] }, { l: [1] }, [], ['l.length']],
    ['array items by index', { l: [{ n: 'a' }, { n: 'b' }] }, { l: [{ n: 'a' }, { n: 'c' }] }, [], ['l[1].n']],
    ['an ignored path with an index wildcard', { l: [{ n: 'a', v: 1 }] }, { l: [{ n: 'a', v: 2 }] }, ['l[*].v'], []],
    [
      'ids and types without case',
      { id: '/a/dnsZones/z', type: 'Microsoft.Network/dnsZones' },
      { id: '/a/dnszones/z', type: 'Microsoft.Network/dnszones' },
      [],
      [],
    ],
    ['other strings with case', { name: 'Zone' }, { name: 'zone' }, [], ['name']],
    ['an ignored path at any depth', { a: { etag: 'x', b: { etag: 'y' } } }, { a: { etag: 'p', b: { etag: 'q' } } }, ['**.etag'], []],
  ])('%s', (_case, expected, actual, ignore, paths) => {
    expect(compareToExample(expected, actual, ignore).map((d) => d.path)).toEqual(paths);
  });
});

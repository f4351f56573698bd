import { InputError } from '@strata/errors';
import { describe, expect, it } from 'vitest';
import { IgnitionBuilder } from './builder';
import type { IgnitionConfig } from './config-schema';
import { fileContents } from './file-contents';

const configWith = (contents: { source?: string; compression?: 'gzip' } | undefined): IgnitionConfig => ({
  ignition: { version: '3.3.0' },
  storage: {
    files: [
      { path: '/other', contents: { source: 'data:,x' } },
      { path: '/a', ...(contents && { contents }) },
    ],
  },
});

describe('fileContents', () => {
  it('decodes the file at a path', () => {
    const config = new IgnitionBuilder()
      .file({ path: '/etc/motd', contents: 'hello\n' })
      .file({ path: '/bin', contents: new Uint8Array([0, 1, 2]) })
      .build();
    expect(new TextDecoder().decode(fileContents(config, '/etc/motd'))).toBe('hello\n');
    expect(fileContents(config, '/bin')).toEqual(new Uint8Array([0, 1, 2]));
  });

  it('returns undefined for a path the config does not have', () => {
    const config = new IgnitionBuilder().directory({ path: '/etc/motd' }).build();
    expect(fileContents(config, '/etc/motd')).toBeUndefined();
    expect(fileContents({ ignition: { version: '3.3.0' } }, '/x')).toBeUndefined();
  });

  it('returns no bytes for a file without contents, as Ignition creates it empty', () => {
    expect(fileContents(configWith(undefined), '/a')).toEqual(new Uint8Array(0));
    expect(fileContents(configWith({}), '/a')).toEqual(new Uint8Array(0));
  });

  it.each([
    ['gzip contents', { source: 'data:;base64,H4sIAAAAAAAA', compression: 'gzip' as const }, 'storage.files[1].contents.compression', /cannot be decoded here/],
    ['a remote source', { source: 'https://example.com/a' }, 'storage.files[1].contents.source', /not a data: URL/],
    ['a broken data URL', { source: 'data:,50%' }, 'storage.files[1].contents.source', /invalid percent escape/],
  ])('throws an InputError naming the field for %s', (_name, contents, path, message) => {
    try {
      fileContents(configWith(contents), '/a');
      expect.unreachable('fileContents should throw');
    } catch (error) {
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).problems).toEqual([{ path, message: expect.stringMatching(message) }]);
    }
  });
});

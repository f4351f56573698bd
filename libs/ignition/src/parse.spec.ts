import { InputError } from '@strata/errors';
import { describe, expect, it } from 'vitest';
import { IgnitionBuilder } from './builder';
import { parseIgnition } from './parse';
import { sampleMachineEntries } from './testing/sample-machine';

function sampleJson(): string {
  const builder = new IgnitionBuilder();
  for (const add of sampleMachineEntries()) add(builder);
  return builder.render();
}

function problemsOf(json: string): { path: string; message: string }[] {
  try {
    parseIgnition(json);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as InputError).problems;
  }
  throw new Error('expected parseIgnition to throw');
}

const withFiles = (files: unknown[]) => JSON.stringify({ ignition: { version: '3.3.0' }, storage: { files } });

describe('parseIgnition', () => {
  it('reads a rendered config back to an equal config that renders to the same bytes', () => {
    const json = sampleJson();
    const config = parseIgnition(json);
    expect(config).toEqual(JSON.parse(json));
    expect(JSON.stringify(config)).toBe(json);
  });

  it('reads a minimal config', () => {
    expect(parseIgnition('{"ignition":{"version":"3.3.0"}}')).toEqual({ ignition: { version: '3.3.0' } });
  });

  it('reads pretty-printed JSON and data URLs it did not write', () => {
    const json = JSON.stringify(
      {
        ignition: { version: '3.3.0' },
        storage: { files: [{ path: '/a', contents: { source: 'data:text/plain;charset=utf-8;base64,aGk=' }, mode: 420 }] },
      },
      null,
      2,
    );
    expect(parseIgnition(json).storage?.files?.[0]?.contents?.source).toBe('data:text/plain;charset=utf-8;base64,aGk=');
  });

  it('reads remote sources Ignition fetches at boot', () => {
    const sources = ['https://dl.k8s.io/release/v1.37.2/bin/linux/amd64/kubelet', 's3://bucket/ignition/a.ign', 'gs://bucket/a', 'tftp://10.0.0.1/a'];
    const json = withFiles(sources.map((source, i) => ({ path: `/f${i}`, contents: { source }, mode: 493 })));
    expect(parseIgnition(json).storage?.files?.map((f) => f.contents?.source)).toEqual(sources);
  });

  it.each<[string, string, string, RegExp]>([
    ['text that is not JSON', '{"ignition":', '(config)', /is not valid JSON/],
    ['another spec version', '{"ignition":{"version":"3.4.0"}}', 'ignition.version', /must be "3\.3\.0"/],
    ['a missing ignition section', '{}', 'ignition', /expected object/],
    ['a relative path', withFiles([{ path: 'etc/x', mode: 420 }]), 'storage.files[0].path', /must be absolute/],
    ['a mode given as a string', withFiles([{ path: '/a', mode: '0644' }]), 'storage.files[0].mode', /expected number/],
    ['a field outside the supported subset', withFiles([{ path: '/a', append: [] }]), 'storage.files[0]', /Unrecognized key: "append"/],
    [
      'a source of an unsupported scheme',
      withFiles([{ path: '/a', contents: { source: 'ftp://example.com/a' } }]),
      'storage.files[0].contents.source',
      /data: URL or a https/,
    ],
    ['a remote source without a host', withFiles([{ path: '/a', contents: { source: 'https:///a' } }]), 'storage.files[0].contents.source', /host/],
    ['a broken data URL', withFiles([{ path: '/a', contents: { source: 'data:;base64,!!' } }]), 'storage.files[0].contents.source', /invalid base64/],
    ['an owner with both id and name', withFiles([{ path: '/a', user: { id: 0, name: 'root' } }]), 'storage.files[0].user', /exactly one of id and name/],
    ['duplicate paths', withFiles([{ path: '/a' }, { path: '/a' }]), 'storage.files[1].path', /duplicates storage\.files\[0\]\.path/],
    [
      'an unknown unit suffix',
      JSON.stringify({ ignition: { version: '3.3.0' }, systemd: { units: [{ name: 'x.network', mask: true }] } }),
      'systemd.units[0].name',
      /systemd unit suffix/,
    ],
    [
      'a user without a name',
      JSON.stringify({ ignition: { version: '3.3.0' }, passwd: { users: [{ sshAuthorizedKeys: ['ssh-rsa A'] }] } }),
      'passwd.users[0].name',
      /expected string/,
    ],
  ])('rejects %s', (_name, json, path, message) => {
    const problem = problemsOf(json).find((p) => p.path === path);
    expect(problem, JSON.stringify(problemsOf(json))).toBeDefined();
    expect(problem!.message).toMatch(message);
  });

  it('reports every problem with its path', () => {
    const json = JSON.stringify({
      ignition: { version: '3.3.0' },
      storage: { files: [{ path: 'a' }, { path: '/b', mode: 0o7777 }], links: [{ path: '/c', target: '' }] },
    });
    expect(problemsOf(json).map((p) => p.path)).toEqual(['storage.files[0].path', 'storage.files[1].mode', 'storage.links[0].target']);
  });
});

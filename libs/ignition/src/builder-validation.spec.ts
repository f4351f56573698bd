import { InputError } from '@strata/errors';
import { describe, expect, it } from 'vitest';
import { IgnitionBuilder } from './builder';

const UNIT = '[Service]\nExecStart=/bin/true\n[Install]\nWantedBy=multi-user.target\n';

/** Runs `act` and returns the InputError it throws. */
function inputErrorOf(act: () => unknown): InputError {
  try {
    act();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error('expected an InputError, nothing was thrown');
}

describe('IgnitionBuilder validation', () => {
  it.each<[string, (b: IgnitionBuilder) => unknown, string, RegExp]>([
    ['a relative file path', (b) => b.file({ path: 'etc/hostname', contents: '' }), 'storage.files[0].path', /must be absolute/],
    ['an empty path', (b) => b.directory({ path: '' }), 'storage.directories[0].path', /must not be empty/],
    ['a ".." segment', (b) => b.file({ path: '/etc/../shadow', contents: '' }), 'storage.files[0].path', /must not contain "\.\." segments/],
    ['a "." segment', (b) => b.directory({ path: '/etc/./x' }), 'storage.directories[0].path', /must be normalized/],
    ['a double slash', (b) => b.link({ path: '/etc//x', target: '/y' }), 'storage.links[0].path', /must be normalized/],
    ['a trailing slash', (b) => b.directory({ path: '/var/lib/' }), 'storage.directories[0].path', /must be normalized/],
    ['the root itself', (b) => b.file({ path: '/', contents: '' }), 'storage.files[0].path', /below "\/"/],
    ['a NUL character', (b) => b.file({ path: '/a\0b', contents: '' }), 'storage.files[0].path', /NUL/],
    ['contents of the wrong type', (b) => b.file({ path: '/a', contents: 42 as unknown as string }), 'storage.files[0].contents', /string or a Uint8Array/],
    [
      'a remote source of an unsupported scheme',
      (b) => b.file({ path: '/a', source: 'ftp://example.com/a' }),
      'storage.files[0].contents.source',
      /data: URL or a https/,
    ],
    [
      'both contents and a source',
      (b) => b.file({ path: '/a', contents: 'x', source: 'https://example.com/a' } as never),
      'storage.files[0].contents',
      /not be set together with source/,
    ],
    ['a mode with setuid', (b) => b.file({ path: '/a', contents: '', mode: 0o4755 }), 'storage.files[0].mode', /setuid/],
    ['a negative mode', (b) => b.directory({ path: '/a', mode: -1 }), 'storage.directories[0].mode', /from 0 to 0o777/],
    ['a fractional mode', (b) => b.file({ path: '/a', contents: '', mode: 4.2 }), 'storage.files[0].mode', /integer/],
    ['a bad owner name', (b) => b.file({ path: '/a', contents: '', user: 'Root User' }), 'storage.files[0].user.name', /lower-case/],
    ['a negative owner id', (b) => b.directory({ path: '/a', group: -5 }), 'storage.directories[0].group.id', /from 0 to/],
    ['an empty link target', (b) => b.link({ path: '/a', target: '' }), 'storage.links[0].target', /must not be empty/],
    ['a relative hard link target', (b) => b.link({ path: '/a', target: 'b', hard: true }), 'storage.links[0].target', /of a hard link must be absolute/],
    ['a unit without a suffix', (b) => b.unit({ name: 'kubelet', contents: UNIT }), 'systemd.units[0].name', /must end in a systemd unit suffix/],
    ['a unit with a foreign suffix', (b) => b.unit({ name: 'eth0.network', contents: UNIT }), 'systemd.units[0].name', /systemd unit suffix/],
    ['a unit that is only a suffix', (b) => b.unit({ name: '.service', contents: UNIT }), 'systemd.units[0].name', /name before/],
    ['a unit name with a slash', (b) => b.unit({ name: 'x/y.service', contents: UNIT }), 'systemd.units[0].name', /may only contain/],
    [
      'a drop-in not ending in .conf',
      (b) => b.unit({ name: 'a.service', dropins: [{ name: '10-x.txt', contents: '' }] }),
      'systemd.units[0].dropins[0].name',
      /must end in "\.conf"/,
    ],
    [
      'a drop-in name with a slash',
      (b) => b.unit({ name: 'a.service', dropins: [{ name: '../x.conf', contents: '' }] }),
      'systemd.units[0].dropins[0].name',
      /plain file name/,
    ],
    [
      'an enabled unit without [Install]',
      (b) => b.unit({ name: 'a.service', enabled: true, contents: '[Service]\nExecStart=/bin/true\n' }),
      'systemd.units[0].enabled',
      /no \[Install\] section/,
    ],
    ['an enabled and masked unit', (b) => b.unit({ name: 'a.service', enabled: true, mask: true }), 'systemd.units[0].mask', /both enabled and masked/],
    ['a unit that does nothing', (b) => b.unit({ name: 'a.service' }), 'systemd.units[0]', /sets none of/],
    ['a user without a name', (b) => b.user({ name: '' }), 'passwd.users[0].name', /must not be empty/],
    ['a user name with capitals', (b) => b.user({ name: 'Core' }), 'passwd.users[0].name', /lower-case/],
    ['a too long user name', (b) => b.user({ name: 'a'.repeat(33) }), 'passwd.users[0].name', /at most 32/],
    ['a bad group name', (b) => b.user({ name: 'core', groups: ['wheel', 'no spaces'] }), 'passwd.users[0].groups[1]', /lower-case/],
    [
      'a multi-line ssh key',
      (b) => b.user({ name: 'core', sshAuthorizedKeys: ['ssh-rsa A\nssh-rsa B'] }),
      'passwd.users[0].sshAuthorizedKeys[0]',
      /single line/,
    ],
    ['an empty ssh key', (b) => b.user({ name: 'core', sshAuthorizedKeys: ['  '] }), 'passwd.users[0].sshAuthorizedKeys[0]', /must not be empty/],
    ['a relative home directory', (b) => b.user({ name: 'core', homeDir: 'home/core' }), 'passwd.users[0].homeDir', /must be absolute/],
    ['a negative uid', (b) => b.user({ name: 'core', uid: -1 }), 'passwd.users[0].uid', /from 0 to/],
  ])('rejects %s', (_name, act, path, message) => {
    const error = inputErrorOf(() => act(new IgnitionBuilder()));
    const problem = error.problems.find((p) => p.path === path);
    expect(problem, JSON.stringify(error.problems)).toBeDefined();
    expect(problem!.message).toMatch(message);
    expect(error.message).toContain(`${path}: `);
  });

  it('names the entry by its position among calls of the same kind', () => {
    const builder = new IgnitionBuilder()
      .file({ path: '/a', contents: '' })
      .directory({ path: '/d' })
      .file({ path: '/b', contents: '' })
      .file({ path: '/c', contents: '' });
    const error = inputErrorOf(() => builder.file({ path: 'relative', contents: '' }));
    expect(error.message).toBe('invalid Ignition config: storage.files[3].path: must be absolute (got "relative")');
  });

  it('leaves the builder unchanged when a call is rejected', () => {
    const builder = new IgnitionBuilder().file({ path: '/a', contents: '' });
    inputErrorOf(() => builder.file({ path: 'b', contents: '' }));
    expect(builder.build().storage?.files?.map((f) => f.path)).toEqual(['/a']);
  });

  it.each<[string, (b: IgnitionBuilder) => unknown, string, RegExp]>([
    [
      'two files at one path',
      (b) => b.file({ path: '/a', contents: '1' }).file({ path: '/a', contents: '2' }),
      'storage.files[1].path',
      /duplicates storage\.files\[0\]\.path/,
    ],
    [
      'a file and a directory at one path',
      (b) => b.directory({ path: '/a' }).file({ path: '/a', contents: '' }),
      'storage.directories[0].path',
      /duplicates storage\.files\[0\]\.path/,
    ],
    [
      'a link and a directory at one path',
      (b) => b.link({ path: '/a', target: '/b' }).directory({ path: '/a' }),
      'storage.links[0].path',
      /duplicates storage\.directories\[0\]\.path/,
    ],
    [
      'a file below a link',
      (b) => b.link({ path: '/etc/k8s', target: '/opt/k8s' }).file({ path: '/etc/k8s/a.conf', contents: '' }),
      'storage.files[0].path',
      /below the link storage\.links\[0\]\.path \("\/etc\/k8s"\)/,
    ],
    [
      'a directory below a hard link',
      (b) => b.link({ path: '/x', target: '/y', hard: true }).directory({ path: '/x/y/z' }),
      'storage.directories[0].path',
      /below the link/,
    ],
    [
      'two units with one name',
      (b) => b.unit({ name: 'a.service', mask: true }).unit({ name: 'a.service', enabled: true }),
      'systemd.units[1].name',
      /duplicates systemd\.units\[0\]\.name/,
    ],
    [
      'two drop-ins with one name',
      (b) =>
        b.unit({
          name: 'a.service',
          dropins: [
            { name: 'x.conf', contents: '1' },
            { name: 'x.conf', contents: '2' },
          ],
        }),
      'systemd.units[0].dropins[1].name',
      /duplicates systemd\.units\[0\]\.dropins\[0\]\.name/,
    ],
    [
      'two users with one name',
      (b) => b.user({ name: 'core' }).user({ name: 'core', groups: ['wheel'] }),
      'passwd.users[1].name',
      /duplicates passwd\.users\[0\]\.name/,
    ],
    [
      'a group listed twice',
      (b) => b.user({ name: 'core', groups: ['wheel', 'wheel'] }),
      'passwd.users[0].groups[1]',
      /duplicates passwd\.users\[0\]\.groups\[0\]/,
    ],
    [
      'a key listed twice',
      (b) => b.user({ name: 'core', sshAuthorizedKeys: ['ssh-rsa A', 'ssh-rsa A'] }),
      'passwd.users[0].sshAuthorizedKeys[1]',
      /duplicates/,
    ],
  ])('rejects %s when building', (_name, add, path, message) => {
    const builder = new IgnitionBuilder();
    add(builder);
    const error = inputErrorOf(() => builder.build());
    const problem = error.problems.find((p) => p.path === path);
    expect(problem, JSON.stringify(error.problems)).toBeDefined();
    expect(problem!.message).toMatch(message);
    expect(() => builder.render()).toThrow(InputError);
  });

  it('reports every problem spanning entries at once', () => {
    const builder = new IgnitionBuilder()
      .file({ path: '/a', contents: '' })
      .file({ path: '/a', contents: '' })
      .unit({ name: 'x.service', mask: true })
      .unit({ name: 'x.service', mask: true });
    expect(inputErrorOf(() => builder.build()).problems.map((p) => p.path)).toEqual(['storage.files[1].path', 'systemd.units[1].name']);
  });

  it.each<[string, (b: IgnitionBuilder) => unknown]>([
    [
      'every systemd unit type',
      (b) =>
        ['service', 'socket', 'device', 'mount', 'automount', 'swap', 'target', 'path', 'timer', 'snapshot', 'slice', 'scope'].forEach((t) =>
          b.unit({ name: `x.${t}`, mask: true }),
        ),
    ],
    ['template and escaped unit names', (b) => b.unit({ name: 'getty@tty1.service', enabled: true }).unit({ name: 'var-lib-etcd\\x2d1.mount', mask: true })],
    ['an enabled unit shipped by the image (no contents)', (b) => b.unit({ name: 'containerd.service', enabled: true })],
    [
      'an [Install] section indented and with CRLF',
      (b) => b.unit({ name: 'a.service', enabled: true, contents: '[Service]\r\n  [Install]  \r\nWantedBy=x\r\n' }),
    ],
    ['the largest plain mode', (b) => b.file({ path: '/a', contents: '', mode: 0o777 })],
    ['a relative symlink target', (b) => b.link({ path: '/opt/bin/kubectl', target: '../lib/kubectl' })],
    ['names with dots, dashes and dollar', (b) => b.user({ name: 'strata-admin', groups: ['_ssh', 'docker'] }).user({ name: 'machine$' })],
    ['a node next to a link with a common prefix', (b) => b.link({ path: '/etc/k8s', target: '/x' }).file({ path: '/etc/k8s-2/a', contents: '' })],
  ])('accepts %s', (_name, add) => {
    const builder = new IgnitionBuilder();
    add(builder);
    expect(() => builder.build()).not.toThrow();
  });
});

import { describe, expect, it } from 'vitest';
import { IgnitionBuilder } from './builder';
import { fileContents } from './file-contents';
import { IGNITION_SPEC_VERSION } from './spec-version';
import { ALL_BYTES, ESCAPES_TEXT, UNICODE_TEXT, sampleMachineEntries } from './testing/sample-machine';

function build(entries: ((b: IgnitionBuilder) => void)[]): IgnitionBuilder {
  const builder = new IgnitionBuilder();
  for (const add of entries) add(builder);
  return builder;
}

/** A fixed permutation that moves every entry (seeded Fisher-Yates). */
function shuffled<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let state = seed;
  for (let i = out.length - 1; i > 0; i--) {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe('IgnitionBuilder', () => {
  it('renders an empty builder as a config with only the version', () => {
    expect(new IgnitionBuilder().render()).toBe(`{"ignition":{"version":"${IGNITION_SPEC_VERSION}"}}`);
  });

  it('targets spec 3.3.0, the newest stable spec the installed ignition-validate accepts', () => {
    expect(IGNITION_SPEC_VERSION).toBe('3.3.0');
  });

  it('writes a file entry with a data URL, a decimal mode and owners', () => {
    const config = new IgnitionBuilder().file({ path: '/etc/hostname', contents: 'node-1\n', mode: 0o600, overwrite: true, user: 'core', group: 0 }).build();
    expect(config.storage?.files).toEqual([
      {
        path: '/etc/hostname',
        overwrite: true,
        contents: { source: 'data:,node-1%0A' },
        mode: 384,
        user: { name: 'core' },
        group: { id: 0 },
      },
    ]);
  });

  it('writes a file fetched from a remote source as it is', () => {
    const source = 'https://dl.k8s.io/release/v1.37.2/bin/linux/amd64/kubelet';
    const config = new IgnitionBuilder().file({ path: '/opt/bin/kubelet', source, mode: 0o755, overwrite: true }).build();
    expect(config.storage?.files).toEqual([{ path: '/opt/bin/kubelet', overwrite: true, contents: { source }, mode: 493 }]);
  });

  it.each([
    ['a file without a mode', (b: IgnitionBuilder) => b.file({ path: '/a', contents: '' }), 'files', 420],
    ['an executable file', (b: IgnitionBuilder) => b.file({ path: '/a', contents: '', mode: 0o755 }), 'files', 493],
    ['a private file', (b: IgnitionBuilder) => b.file({ path: '/a', contents: '', mode: 0o600 }), 'files', 384],
    ['a directory without a mode', (b: IgnitionBuilder) => b.directory({ path: '/a' }), 'directories', 493],
    ['a private directory', (b: IgnitionBuilder) => b.directory({ path: '/a', mode: 0o700 }), 'directories', 448],
    ['a mode of zero', (b: IgnitionBuilder) => b.file({ path: '/a', contents: '', mode: 0 }), 'files', 0],
  ] as const)('gives %s the decimal mode %i', (_name, add, kind, mode) => {
    const builder = new IgnitionBuilder();
    add(builder);
    expect(builder.build().storage?.[kind]?.[0]?.mode).toBe(mode);
    expect(builder.render()).toContain(`"mode":${mode}`);
  });

  it('writes links, units with drop-ins, and users', () => {
    const config = new IgnitionBuilder()
      .link({ path: '/etc/localtime', target: '/usr/share/zoneinfo/UTC' })
      .link({ path: '/etc/copy', target: '/etc/hostname', hard: true })
      .unit({
        name: 'kubelet.service',
        enabled: true,
        contents: '[Install]\nWantedBy=multi-user.target\n',
        dropins: [{ name: '10-a.conf', contents: '[Service]\n' }],
      })
      .unit({ name: 'update-engine.service', mask: true })
      .user({ name: 'core', sshAuthorizedKeys: ['ssh-ed25519 AAAA core'], groups: ['wheel'] })
      .build();
    expect(config.storage?.links).toEqual([
      { path: '/etc/copy', target: '/etc/hostname', hard: true },
      { path: '/etc/localtime', target: '/usr/share/zoneinfo/UTC' },
    ]);
    expect(config.systemd?.units).toEqual([
      {
        name: 'kubelet.service',
        enabled: true,
        contents: '[Install]\nWantedBy=multi-user.target\n',
        dropins: [{ name: '10-a.conf', contents: '[Service]\n' }],
      },
      { name: 'update-engine.service', mask: true },
    ]);
    expect(config.passwd?.users).toEqual([{ name: 'core', groups: ['wheel'], sshAuthorizedKeys: ['ssh-ed25519 AAAA core'] }]);
  });

  it('embeds text and binary contents that decode back to the same bytes', () => {
    const config = new IgnitionBuilder().file({ path: '/text', contents: UNICODE_TEXT }).file({ path: '/bytes', contents: ALL_BYTES }).build();
    expect(new TextDecoder().decode(fileContents(config, '/text'))).toBe(UNICODE_TEXT);
    expect(fileContents(config, '/bytes')).toEqual(ALL_BYTES);
    expect(config.storage?.files?.find((f) => f.path === '/bytes')?.contents?.source).toMatch(/^data:;base64,/);
  });

  it('percent-encodes mostly plain text, escaping what URLs and JSON would change', () => {
    const source = new IgnitionBuilder().file({ path: '/a', contents: ESCAPES_TEXT }).build().storage?.files?.[0]?.contents?.source;
    expect(source).toBe(
      'data:,endpoint=https://10.0.0.1:6443/healthz,ca=/etc/kubernetes/pki/ca.crt,note=100%25_sure%23not-a-fragment%3Fq=1%26x=a%2Bb%3Bc%22d%5Ce%3Cf%3Eg%60h%7Ci%5Ej%7Bk%7Dl%5Bm%5Dn%24o%20%C3%BC%0A',
    );
  });

  it('returns a fresh config on every build', () => {
    const builder = new IgnitionBuilder().file({ path: '/a', contents: 'x' });
    const first = builder.build();
    first.storage!.files![0]!.path = '/changed';
    expect(builder.build().storage?.files?.[0]?.path).toBe('/a');
  });

  it('keeps a source byte array from changing the config after the call', () => {
    const bytes = new Uint8Array([1, 2, 3]);
    const builder = new IgnitionBuilder().file({ path: '/a', contents: bytes });
    bytes[0] = 9;
    expect(fileContents(builder.build(), '/a')).toEqual(new Uint8Array([1, 2, 3]));
  });
});

describe('IgnitionBuilder determinism', () => {
  it('renders byte-identical configs for the same entries in different orders', () => {
    const entries = sampleMachineEntries();
    const inOrder = build(entries).render();
    const reversed = build([...entries].reverse()).render();
    const shuffledOnce = build(shuffled(entries, 7)).render();
    expect(reversed).toBe(inOrder);
    expect(shuffledOnce).toBe(inOrder);
  });

  it('sorts drop-ins, groups and keys given in different orders', () => {
    const a = new IgnitionBuilder()
      .unit({
        name: 'x.service',
        dropins: [
          { name: 'b.conf', contents: '' },
          { name: 'a.conf', contents: '' },
        ],
      })
      .user({ name: 'core', groups: ['wheel', 'adm'], sshAuthorizedKeys: ['ssh-rsa B', 'ssh-rsa A'] })
      .render();
    const b = new IgnitionBuilder()
      .unit({
        name: 'x.service',
        dropins: [
          { name: 'a.conf', contents: '' },
          { name: 'b.conf', contents: '' },
        ],
      })
      .user({ name: 'core', groups: ['adm', 'wheel'], sshAuthorizedKeys: ['ssh-rsa A', 'ssh-rsa B'] })
      .render();
    expect(a).toBe(b);
    expect(a).toContain('"groups":["adm","wheel"]');
  });

  it('sorts by code units, not by locale', () => {
    const config = new IgnitionBuilder().directory({ path: '/b' }).directory({ path: '/B' }).directory({ path: '/a' }).directory({ path: '/ä' }).build();
    expect(config.storage?.directories?.map((d) => d.path)).toEqual(['/B', '/a', '/b', '/ä']);
  });

  it('writes keys in a fixed order whatever order the input object has', () => {
    const a = new IgnitionBuilder().file({ group: 0, user: 0, mode: 0o600, contents: 'x', path: '/a', overwrite: true }).render();
    const b = new IgnitionBuilder().file({ path: '/a', overwrite: true, contents: 'x', mode: 0o600, user: 0, group: 0 }).render();
    expect(a).toBe(b);
    expect(a).toContain('{"path":"/a","overwrite":true,"contents":{"source":"data:,x"},"mode":384,"user":{"id":0},"group":{"id":0}}');
  });
});

// Runs the real ignition-validate (Debian package "ignition") on rendered configs.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '@strata/errors';
import { afterAll, describe, expect, it } from 'vitest';
import { IgnitionBuilder } from './builder';
import { decodeDataUrl } from './encoding/data-url';
import { parseIgnition } from './parse';
import { IGNITION_SPEC_VERSION } from './spec-version';
import { sampleMachineEntries } from './testing/sample-machine';

const VALIDATOR = '/usr/bin/ignition-validate';
const work = mkdtempSync(join(tmpdir(), 'strata-ignition-validate-'));
let counter = 0;

afterAll(() => rmSync(work, { recursive: true, force: true }));

function validate(json: string): { status: number | null; output: string } {
  const file = join(work, `config-${counter++}.ign`);
  writeFileSync(file, json);
  const result = spawnSync(VALIDATOR, [file], { encoding: 'utf8' });
  if (result.error) throw result.error;
  return { status: result.status, output: result.stdout + result.stderr };
}

const config = (body: object) => JSON.stringify({ ignition: { version: IGNITION_SPEC_VERSION }, ...body });

describe('ignition-validate on rendered configs', () => {
  it('accepts the spec version the library targets and rejects the next one', () => {
    expect(validate(`{"ignition":{"version":"${IGNITION_SPEC_VERSION}"}}`)).toEqual({ status: 0, output: '' });
    const next = validate('{"ignition":{"version":"3.4.0"}}');
    expect(next.status).toBe(1);
    expect(next.output).toContain('unsupported config version');
  });

  it('accepts a full machine config without errors or warnings', () => {
    const builder = new IgnitionBuilder();
    for (const add of sampleMachineEntries()) add(builder);
    const json = builder.render();
    expect(json.length).toBeGreaterThan(2000);
    expect(validate(json)).toEqual({ status: 0, output: '' });
  });

  it('accepts files fetched from remote sources', () => {
    const json = new IgnitionBuilder()
      .file({ path: '/opt/bin/kubelet', source: 'https://dl.k8s.io/release/v1.37.2/bin/linux/amd64/kubelet', mode: 0o755 })
      .file({ path: '/etc/strata/extra.conf', source: 's3://bucket/extra.conf' })
      .render();
    expect(validate(json)).toEqual({ status: 0, output: '' });
  });

  it('accepts a config with a thousand files', () => {
    const builder = new IgnitionBuilder();
    for (let i = 0; i < 1000; i++) {
      builder.file({ path: `/etc/strata/many/file-${i}.conf`, contents: `index = ${i}\n`, mode: i % 2 ? 0o600 : 0o644 });
    }
    expect(validate(builder.render())).toEqual({ status: 0, output: '' });
  });
});

describe('ignition-validate and parseIgnition on hand-written invalid configs', () => {
  // Each config breaks one rule. ignition-validate must reject it (proving the validator
  // really checks) and parseIgnition must reject it too (proving the rules agree).
  it.each<[string, string, RegExp]>([
    ['a relative path', config({ storage: { files: [{ path: 'etc/hostname', mode: 420, contents: { source: 'data:,x' } }] } }), /path not absolute/],
    ['a ".." segment', config({ storage: { files: [{ path: '/etc/../x', mode: 420 }] } }), /path is not fully simplified/],
    ['a trailing slash', config({ storage: { directories: [{ path: '/var/lib/', mode: 493 }] } }), /path is not fully simplified/],
    [
      'a file and a directory at one path',
      config({ storage: { files: [{ path: '/a', mode: 420 }], directories: [{ path: '/a', mode: 493 }] } }),
      /duplicate entry defined/,
    ],
    [
      'a file below a link',
      config({ storage: { files: [{ path: '/l/a', mode: 420 }], links: [{ path: '/l', target: '/x' }] } }),
      /file path includes link in config/,
    ],
    ['a unit with an unknown suffix', config({ systemd: { units: [{ name: 'eth0.network', mask: true }] } }), /invalid systemd unit extension/],
    [
      'a drop-in not ending in .conf',
      config({ systemd: { units: [{ name: 'a.service', dropins: [{ name: 'x.txt', contents: '' }] }] } }),
      /invalid systemd drop-in extension/,
    ],
    ['an owner with id and name', config({ storage: { files: [{ path: '/a', mode: 420, user: { id: 0, name: 'root' } }] } }), /cannot set both id and name/],
    ['a mode above 0o7777', config({ storage: { files: [{ path: '/a', mode: 70000 }] } }), /illegal file mode/],
    [
      'a source of an unsupported scheme',
      config({ storage: { files: [{ path: '/a', mode: 420, contents: { source: 'ftp://example.com/a' } }] } }),
      /invalid url scheme/,
    ],
    ['a broken data URL', config({ storage: { files: [{ path: '/a', mode: 420, contents: { source: 'data:;base64,%%%' } }] } }), /invalid data character/],
    ['duplicate users', config({ passwd: { users: [{ name: 'core' }, { name: 'core' }] } }), /duplicate entry defined/],
  ])('both reject %s', (_name, json, validatorMessage) => {
    const result = validate(json);
    expect(result.status).toBe(1);
    expect(result.output).toMatch(validatorMessage);
    expect(() => parseIgnition(json)).toThrow(InputError);
  });

  // ignition-validate only warns about these; the library rejects them so that what it
  // renders is always warning-free.
  it.each<[string, string, RegExp]>([
    ['setuid bits', config({ storage: { files: [{ path: '/a', mode: 0o4755 }] } }), /setuid\/setgid\/sticky bits are not supported/],
    [
      'an enabled unit without [Install]',
      config({ systemd: { units: [{ name: 'a.service', enabled: true, contents: '[Service]\nExecStart=/bin/true\n' }] } }),
      /has no install section/,
    ],
    ['an unknown key', config({ storage: { files: [{ path: '/a', mode: 420, foo: 1 }] } }), /Unused key foo/],
  ])('ignition-validate warns and parseIgnition rejects %s', (_name, json, warning) => {
    const result = validate(json);
    expect(result.status).toBe(0);
    expect(result.output).toMatch(new RegExp(`warning at .*${warning.source}`));
    expect(() => parseIgnition(json)).toThrow(InputError);
  });
});

describe('decodeDataUrl and ignition-validate on data: URLs', () => {
  // data-urls alone would accept most of the rejected ones; the Ignition checks in
  // decodeDataUrl must refuse exactly what the validator refuses.
  const fileWith = (source: string) => config({ storage: { files: [{ path: '/a', mode: 420, contents: { source } }] } });
  const accepts = (source: string) => {
    try {
      decodeDataUrl(source);
      return true;
    } catch {
      return false;
    }
  };

  it.each([
    'data:,',
    'data:;base64,',
    'data:,a?b',
    "data:,AZaz09-_.!~*'()/:=,@;&+$",
    'data:;base64,aGk=',
    'data:;base64,aR==',
    'data:;charset=utf-8,x',
    'data:text/plain;charset=utf-8;base64,aGk=',
    'data:text/plain;charset="utf-8",x',
    'data:application/octet-stream;base64,AP8=',
    'data:x-custom/thing,x',
  ])('both accept %j', (source) => {
    expect(validate(fileWith(source))).toEqual({ status: 0, output: '' });
    expect(accepts(source)).toBe(true);
  });

  it.each([
    'DATA:,x',
    ' data:,x',
    'data:text/plain',
    'data:foo,x',
    'data:;BASE64,aGk=',
    'data:;base64 ,aGk=',
    'data:text/plain;base64;charset=utf-8,aGk=',
    'data:;base64,aGk',
    'data:;base64,aGk==',
    'data:;base64,YW=JJ',
    'data:;base64,aG k=',
    'data:;base64,aG%6B=',
    'data:;base64,aGk%3D',
    'data:;base64,aGk=\n',
    'data:,100%',
    'data:,a%zzb',
    'data:,a#b',
    'data:,a b',
    'data:, x',
    'data:,x\n',
    'data:,ü',
    ...['"', '<', '>', '{', '}', '\\', '^', '|', '`', '[', ']'].map((c) => `data:,a${c}b`),
  ])('both reject %j', (source) => {
    expect(validate(fileWith(source)).status).toBe(1);
    expect(accepts(source)).toBe(false);
  });
});

// Applies rendered configs with the real Ignition binary (Debian package "ignition").
// Creating users runs `useradd --root`, which needs root privileges, as in an initramfs.
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError, ProviderError } from '@strata/errors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IgnitionBuilder } from '../builder';
import type { IgnitionConfig } from '../config-schema';
import { fileContents } from '../file-contents';
import { parseIgnition } from '../parse';
import { ALL_ASCII_TEXT, ALL_BYTES, CORE_KEYS, ESCAPES_TEXT, KUBELET_UNIT, SAMPLE_GROUPS, UNICODE_TEXT, sampleMachineEntries } from '../testing/sample-machine';
import { applyIgnition, SELINUX_CONFIG_FALLBACK } from './apply-ignition';

const work = mkdtempSync(join(tmpdir(), 'strata-ignition-apply-'));
// Ignition writes SSH keys as the new user, who must be able to reach its home.
chmodSync(work, 0o755);
afterAll(() => rmSync(work, { recursive: true, force: true }));

function sampleJson(): string {
  const builder = new IgnitionBuilder();
  for (const add of sampleMachineEntries()) add(builder);
  return builder.render();
}

/** A root as a machine image would ship it: the groups the sample users join exist. */
function imageRoot(name: string): string {
  const root = join(work, name);
  mkdirSync(join(root, 'etc'), { recursive: true });
  const groups = ['root:x:0:', 'users:x:100:', ...SAMPLE_GROUPS.map((g, i) => `${g}:x:${20 + i}:`)];
  writeFileSync(join(root, 'etc/group'), groups.join('\n') + '\n');
  return root;
}

const modeOf = (path: string) => statSync(path).mode & 0o7777;

describe('applyIgnition with the real Ignition binary', () => {
  const json = sampleJson();
  const config: IgnitionConfig = parseIgnition(json);
  const root = imageRoot('machine');
  const at = (path: string) => join(root, path);
  let log = '';

  beforeAll(async () => {
    ({ log } = await applyIgnition({ config: json, root }));
  });

  it('runs the fetch and files stages to success', () => {
    expect(log).toContain('Stage: fetch');
    expect(log).toContain('Stage: files');
    expect(log.match(/Ignition finished successfully/g)).toHaveLength(2);
  });

  it('writes every file byte for byte with its mode', () => {
    const files = config.storage?.files ?? [];
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) {
      expect(new Uint8Array(readFileSync(at(file.path))), file.path).toEqual(fileContents(config, file.path));
      expect(modeOf(at(file.path)), file.path).toBe(file.mode);
    }
  });

  it('decodes text and binary contents exactly as the inputs were given', () => {
    expect(readFileSync(at('/etc/strata/unicode.txt'), 'utf8')).toBe(UNICODE_TEXT);
    expect(readFileSync(at('/etc/strata/all-ascii.txt'), 'utf8')).toBe(ALL_ASCII_TEXT);
    expect(new Uint8Array(readFileSync(at('/var/lib/strata/blob.bin')))).toEqual(ALL_BYTES);
    expect(readFileSync(at('/etc/strata/escapes.env'), 'utf8')).toBe(ESCAPES_TEXT);
    expect(readFileSync(at('/etc/strata/empty'))).toHaveLength(0);
  });

  it('sets numeric owners', () => {
    const blob = statSync(at('/var/lib/strata/blob.bin'));
    expect([blob.uid, blob.gid]).toEqual([1234, 1234]);
    const logs = statSync(at('/var/log/strata'));
    expect([logs.uid, logs.gid]).toEqual([1234, 1234]);
  });

  it('creates directories with their modes', () => {
    expect(statSync(at('/etc/kubernetes/manifests')).isDirectory()).toBe(true);
    expect(modeOf(at('/etc/kubernetes/manifests'))).toBe(0o755);
    expect(modeOf(at('/var/lib/etcd'))).toBe(0o700);
    expect(modeOf(at('/var/log/strata'))).toBe(0o750);
  });

  it('creates symbolic and hard links', () => {
    expect(lstatSync(at('/etc/localtime')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(at('/etc/localtime'))).toBe('/usr/share/zoneinfo/UTC');
    expect(readlinkSync(at('/opt/bin/setup'))).toBe('strata-setup');
    expect(statSync(at('/etc/strata/hostname-copy')).ino).toBe(statSync(at('/etc/hostname')).ino);
  });

  it('writes units and drop-ins under /etc/systemd/system', () => {
    const system = at('/etc/systemd/system');
    expect(readFileSync(join(system, 'kubelet.service'), 'utf8')).toBe(KUBELET_UNIT);
    expect(readFileSync(join(system, 'kubelet.service.d/10-strata.conf'), 'utf8')).toBe('[Service]\nEnvironment=STRATA_NODE=node-1\n');
    expect(readFileSync(join(system, 'kubelet.service.d/20-env.conf'), 'utf8')).toBe('[Service]\nEnvironment=KUBELET_EXTRA_ARGS=--v=2\n');
    expect(readFileSync(join(system, 'containerd.service.d/10-limits.conf'), 'utf8')).toBe('[Service]\nLimitNOFILE=1048576\n');
    expect(existsSync(join(system, 'containerd.service'))).toBe(false);
  });

  it('records enabled units as presets and masks units with a link to /dev/null', () => {
    const presets = readFileSync(at('/etc/systemd/system-preset/20-ignition.preset'), 'utf8').split('\n').filter(Boolean).sort();
    expect(presets).toEqual(['enable kubelet.service', 'enable strata-sync.timer']);
    expect(readlinkSync(at('/etc/systemd/system/update-engine.service'))).toBe('/dev/null');
  });

  it('creates users with their groups, shells and SSH keys', () => {
    const passwd = readFileSync(at('/etc/passwd'), 'utf8');
    expect(passwd).toMatch(/^core:\*:\d+:\d+::\/home\/core:/m);
    expect(passwd).toMatch(/^strata-admin:\*:1500:\d+::\/home\/strata-admin:\/bin\/sh$/m);
    const group = readFileSync(at('/etc/group'), 'utf8');
    expect(group).toMatch(/^wheel:x:\d+:core,strata-admin$/m);
    expect(group).toMatch(/^sudo:x:\d+:core$/m);
    const keys = readFileSync(at('/home/core/.ssh/authorized_keys.d/ignition'), 'utf8');
    expect(keys.split('\n').filter(Boolean).sort()).toEqual([...CORE_KEYS].sort());
  });

  it('provides the SELinux config Ignition needs outside an initramfs', () => {
    expect(readFileSync(at('/etc/selinux/config'), 'utf8')).toBe(SELINUX_CONFIG_FALLBACK);
  });
});

describe('applyIgnition options and failures', () => {
  it('applies everything but users with users: "skip"', async () => {
    const root = join(work, 'no-users');
    await applyIgnition({ config: sampleJson(), root, users: 'skip' });
    expect(readFileSync(join(root, 'etc/hostname'), 'utf8')).toBe('node-1\n');
    expect(existsSync(join(root, 'etc/passwd'))).toBe(false);
    expect(existsSync(join(root, 'home'))).toBe(false);
  });

  it('keeps an SELinux config the root already has', async () => {
    const root = join(work, 'own-selinux');
    mkdirSync(join(root, 'etc/selinux'), { recursive: true });
    writeFileSync(join(root, 'etc/selinux/config'), 'SELINUX=permissive\nSELINUXTYPE=minimum\n');
    await applyIgnition({ config: new IgnitionBuilder().file({ path: '/etc/motd', contents: 'hi\n' }).render(), root });
    expect(readFileSync(join(root, 'etc/selinux/config'), 'utf8')).toBe('SELINUX=permissive\nSELINUXTYPE=minimum\n');
    expect(readFileSync(join(root, 'etc/motd'), 'utf8')).toBe('hi\n');
  });

  it('replaces an empty SELinux config an interrupted run left, so applying again succeeds', async () => {
    const root = join(work, 'interrupted-selinux');
    mkdirSync(join(root, 'etc/selinux'), { recursive: true });
    writeFileSync(join(root, 'etc/selinux/config'), '');
    await applyIgnition({ config: new IgnitionBuilder().file({ path: '/etc/motd', contents: 'again\n' }).render(), root });
    expect(readFileSync(join(root, 'etc/selinux/config'), 'utf8')).toBe(SELINUX_CONFIG_FALLBACK);
    expect(readFileSync(join(root, 'etc/motd'), 'utf8')).toBe('again\n');
  });

  it('reports a config Ignition rejects as a ProviderError with its reason', async () => {
    const handmade = '{"ignition":{"version":"3.3.0"},"storage":{"files":[{"path":"etc/motd","mode":420}]}}';
    const failure = applyIgnition({ config: handmade, root: join(work, 'rejected') });
    await expect(failure).rejects.toThrow(ProviderError);
    await expect(failure).rejects.toThrow(/ignition fetch stage failed: .*path not absolute/);
  });

  it('reports a failing files stage as a ProviderError', async () => {
    // The group does not exist in the root, so useradd fails inside the files stage.
    const json = new IgnitionBuilder().user({ name: 'core', groups: ['no-such-group'] }).render();
    await expect(applyIgnition({ config: json, root: join(work, 'bad-group') })).rejects.toThrow(
      /ignition files stage failed: .*group 'no-such-group' does not exist/,
    );
  });

  it('rejects a relative root before running anything', async () => {
    await expect(applyIgnition({ config: '{}', root: 'relative/root' })).rejects.toThrow(InputError);
  });

  it('reports a missing binary as a ProviderError', async () => {
    await expect(applyIgnition({ config: '{}', root: join(work, 'x'), binary: join(work, 'no-ignition') })).rejects.toThrow(/Ignition binary not found/);
  });
});

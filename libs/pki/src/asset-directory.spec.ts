import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '@strata/errors';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readPkiDirectory, writePkiFiles } from './asset-directory';
import type { PkiFile } from './types';

const files: PkiFile[] = [
  { path: 'pki/ca.crt', contents: 'cert\n', mode: 0o644 },
  { path: 'pki/ca.key', contents: 'key\n', mode: 0o600 },
  { path: 'pki/etcd/peer-a.key', contents: 'peer\n', mode: 0o600 },
  { path: 'auth/admin.kubeconfig', contents: 'kc\n', mode: 0o600 },
];

describe('asset directory', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'strata-pki-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes files with their modes and reads them back sorted', async () => {
    await writePkiFiles(dir, files);
    await writeFile(join(dir, 'other.txt'), 'not pki');
    const read = await readPkiDirectory(dir);
    expect(read).toEqual([...files].sort((a, b) => a.path.localeCompare(b.path)));
    expect((await stat(join(dir, 'pki', 'etcd'))).mode & 0o777).toBe(0o700);
  });

  it('tightens the mode of a file that already existed', async () => {
    await writeFile(join(dir, 'loose.key'), 'old', { mode: 0o666 });
    await writePkiFiles(dir, [{ path: 'loose.key', contents: 'new', mode: 0o600 }]);
    expect((await stat(join(dir, 'loose.key'))).mode & 0o777).toBe(0o600);
    expect(await readFile(join(dir, 'loose.key'), 'utf8')).toBe('new');
  });

  it('reads a missing directory as empty', async () => {
    expect(await readPkiDirectory(join(dir, 'absent'))).toEqual([]);
  });

  it.each(['../escape.key', '/etc/escape.key', 'pki//x.key', 'pki/../../x.key'])('refuses the path %s', async (path) => {
    await expect(writePkiFiles(dir, [{ path, contents: 'x', mode: 0o600 }])).rejects.toBeInstanceOf(InputError);
  });
});

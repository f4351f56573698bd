import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../testing/run-cli';
import { yamlAliasBombLines } from '@strata/cluster-config/testing';

const work = mkdtempSync(join(tmpdir(), 'strata-input-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const HEADER = 'apiVersion: strata.dev/v1alpha1\nkind: Cluster\n';

function doc(name: string, body: string): string {
  const file = join(work, name);
  writeFileSync(file, body);
  return file;
}

describe('strata reads input files defensively', () => {
  it('refuses a YAML alias bomb with exit 2, naming the file and line', () => {
    const levels = yamlAliasBombLines(9);
    const file = doc('bomb.yaml', `${HEADER}metadata: {name: bomb}\nspec:\n  platform: {local: {}}\n  x:\n${levels.map((l) => `    ${l}`).join('\n')}\n`);
    const res = runCli(['validate', '-f', file], { timeoutMs: 30_000 });
    expect(res.code, res.stderr).toBe(2);
    expect(res.stderr).toContain(file);
    expect(res.stderr).toMatch(/line 8.*alias bomb/);
  });

  it('refuses deep nesting with a clear message', () => {
    const file = doc('deep.yaml', `${HEADER}spec: ${'['.repeat(50_000)}${']'.repeat(50_000)}\n`);
    const res = runCli(['validate', '-f', file], { timeoutMs: 30_000 });
    expect(res.code, res.stderr).toBe(2);
    expect(res.stderr).toContain('more than 64 levels deep');
  });

  it('refuses /dev/zero, a FIFO without a writer and a file over 1 MiB at once', () => {
    const fifo = join(work, 'cluster.fifo');
    execFileSync('mkfifo', [fifo]);
    const big = doc('big.yaml', `${HEADER}# ${'x'.repeat(2 * 1024 * 1024)}\n`);
    for (const [file, message] of [
      ['/dev/zero', 'is a device'],
      [fifo, 'is a pipe (FIFO)'],
      [big, 'larger than 1048576 bytes'],
    ] as const) {
      const res = runCli(['validate', '-f', file], { timeoutMs: 15_000 });
      expect(res.code, `${file}: ${res.stderr}`).toBe(2);
      expect(res.stderr).toContain(message);
    }
  });
});

describe('--dir is checked before anything is created', () => {
  let file: string;
  let loop: string;
  beforeAll(() => {
    file = doc('plain-file', 'not a directory');
    loop = join(work, 'loop');
    symlinkSync(join(work, 'loop2'), loop);
    symlinkSync(loop, join(work, 'loop2'));
  });

  it.each([
    ['a file', () => join(file, 'sub'), 'is a file, not a directory'],
    ['a symlink loop', () => join(loop, 'sub'), 'is a symlink loop'],
    ['under /proc', () => '/proc/strata-cluster', 'kernel file system'],
    ['under /sys', () => '/sys/strata-cluster', 'kernel file system'],
  ])('refuses %s with exit 2 in every command', (_what, dir, message) => {
    for (const args of [
      ['create', 'assets', '-f', 'examples/local.yaml', '--dir', dir()],
      ['install', '-f', 'examples/local.yaml', '--dir', dir()],
      ['destroy', '--dir', dir()],
      ['status', '--dir', dir()],
      ['kubeconfig', '--dir', dir()],
    ]) {
      const res = runCli(args, { timeoutMs: 15_000 });
      expect(res.code, `${args.join(' ')}: ${res.stderr}`).toBe(2);
      expect(res.stderr).toContain(message);
    }
  });

  it('refuses with exit 4, writing nothing, to install into the directory of another cluster', () => {
    const dir = join(work, 'owned');
    expect(runCli(['create', 'assets', '-f', 'examples/local.yaml', '--dir', dir]).code).toBe(0);
    const before = readdirSync(dir).sort();
    const other = doc('other.yaml', `${HEADER}metadata: {name: other}\nspec:\n  platform: {local: {stateDir: ${join(work, 'state')}}}\n`);
    const res = runCli(['install', '-f', other, '--dir', dir]);
    expect(res.code, res.stderr).toBe(4);
    expect(res.stderr).toContain('holds the assets of cluster "local"');
    expect(readdirSync(dir).sort()).toEqual(before);
  });
});

describe('a refused install writes nothing', () => {
  let squatter: Server;
  beforeAll(async () => {
    squatter = createServer();
    await new Promise<void>((ok) => squatter.listen(0, '127.77.0.1', ok));
  });
  afterAll(() => new Promise<void>((ok) => squatter.close(() => ok())));

  it('checks the API address and port before rendering assets', () => {
    const port = (squatter.address() as { port: number }).port;
    const file = doc(
      'busy.yaml',
      `${HEADER}metadata: {name: busy}\nspec:\n  platform: {local: {stateDir: ${join(work, 'busy-state')}, addressRange: 127.77.0.0/28, apiPort: ${port}}}\n  controlPlane: {replicas: 1}\n  workers: [{name: default, replicas: 1}]\n`,
    );
    const dir = join(work, 'busy');
    const res = runCli(['install', '-f', file, '--dir', dir]);
    expect(res.code, res.stderr).toBe(2);
    expect(res.stderr).toContain(`127.77.0.1:${port}`);
    expect(existsSync(dir)).toBe(false);
    expect(existsSync(join(work, 'busy-state'))).toBe(false);
  });

  it('leaves an existing empty directory empty', () => {
    const dir = join(work, 'empty');
    mkdirSync(dir);
    const port = (squatter.address() as { port: number }).port;
    const file = doc(
      'busy2.yaml',
      `${HEADER}metadata: {name: busy2}\nspec:\n  platform: {local: {stateDir: ${join(work, 'busy-state')}, addressRange: 127.77.0.0/28, apiPort: ${port}}}\n`,
    );
    expect(runCli(['install', '-f', file, '--dir', dir]).code).toBe(2);
    expect(readdirSync(dir)).toEqual([]);
  });
});

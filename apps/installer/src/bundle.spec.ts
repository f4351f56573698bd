import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { STRATA_CLI, STRATA_LAUNCHER, strataCliCommand } from './bundle';

describe('the CLI bundle spec', () => {
  it('builds from this app’s own entry file', () => {
    expect(STRATA_CLI.name).toBe('strata');
    expect(existsSync(STRATA_CLI.entry)).toBe(true);
    expect(relative(import.meta.dirname, STRATA_CLI.entry)).toBe('main.ts');
  });

  it('names the launcher the package declares as its `strata` bin', () => {
    const manifest = join(import.meta.dirname, '../package.json');
    const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { bin: Record<string, string> };
    expect(STRATA_LAUNCHER).toBe(join(dirname(manifest), pkg.bin['strata'] ?? ''));
  });
});

describe('strataCliCommand', () => {
  it('starts the CLI through its launcher, from its bundle', () => {
    const cli = strataCliCommand(['--help']);
    expect(cli.args[0]).toBe(STRATA_LAUNCHER);
    const res = spawnSync(cli.command, cli.args, { encoding: 'utf8', timeout: 120_000 });
    expect(res.status, `${res.stdout}${res.stderr}`).toBe(0);
    expect(res.stdout).toMatch(/Usage: strata/);
  });
});

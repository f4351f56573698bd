import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { projectNode } from '@strata/toolchain';
import { strataBin } from './local-cluster';

describe('strataBin', () => {
  it('is the `strata` command of the installed @strata/installer package, which starts the CLI', () => {
    const bin = strataBin();
    expect(existsSync(bin), bin).toBe(true);
    const res = spawnSync(projectNode(), [bin, '--help'], { encoding: 'utf8', timeout: 120_000 });
    expect(res.status, `${res.stdout}${res.stderr}`).toBe(0);
    expect(res.stdout).toMatch(/Usage: strata/);
  });
});

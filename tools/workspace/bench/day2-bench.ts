import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strataCliCommand } from '@strata/installer/bundle';
import { WORKSPACE_ROOT } from '@strata/toolchain';
import type { BenchRow } from './bench-row';

/** Runs the strata CLI; throws with its output when it fails. */
function strata(args: string[]): number {
  const cli = strataCliCommand(args);
  const started = performance.now();
  const res = spawnSync(cli.command, cli.args, { cwd: WORKSPACE_ROOT, encoding: 'utf8', timeout: 600_000 });
  if (res.status !== 0) throw new Error(`strata ${args.join(' ')} failed (exit ${res.status}):\n${`${res.stdout}${res.stderr}`.slice(-2000)}`);
  return performance.now() - started;
}

/**
 * Day-2 operations on a real local cluster (1 control plane, one worker pool): `strata scale`
 * of the pool from 2 to 5 machines (every new Node Ready) and back to 2 (each removed machine
 * drained, its Node and machine deleted), wall time of each command.
 */
export async function runDay2Bench(): Promise<BenchRow[]> {
  const work = mkdtempSync(join(tmpdir(), 'strata-day2-bench-'));
  const dir = join(work, 'day2');
  const doc = join(work, 'day2.yaml');
  const range = `127.${100 + Math.floor(Math.random() * 100)}.${Math.floor(Math.random() * 250)}.0/24`;
  writeFileSync(
    doc,
    [
      'apiVersion: strata.dev/v1alpha1',
      'kind: Cluster',
      'metadata: {name: day2}',
      'spec:',
      `  platform: {local: {stateDir: ${join(work, 'state')}, addressRange: ${range}}}`,
      '  controlPlane: {replicas: 1}',
      '  workers: [{name: default, replicas: 2}]',
      '',
    ].join('\n'),
  );
  try {
    strata(['install', '-f', doc, '--dir', dir]);
    const up = strata(['scale', '--dir', dir, '--pool', 'default', '--replicas', '5']);
    const down = strata(['scale', '--dir', dir, '--pool', 'default', '--replicas', '2', '--yes']);
    return [
      { name: 'scale a pool 2 → 5 (3 machines created, Nodes Ready)', value: Number((up / 1000).toFixed(1)), unit: 's' },
      { name: 'scale a pool 5 → 2 (3 machines drained and removed)', value: Number((down / 1000).toFixed(1)), unit: 's' },
    ];
  } finally {
    try {
      strata(['destroy', '--dir', dir]);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }
}

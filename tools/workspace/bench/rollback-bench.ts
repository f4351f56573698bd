import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { WORKSPACE_ROOT } from '@strata/toolchain';
import type { BenchRow } from './bench-row';

const LINE =
  /update fault bench: a bad version \(([^,]+), ([^)]+)\) fell back to \S+ and was healthy (\d+) ms after its first boot \(health deadline (\d+) ms/g;

/** The groups of the fault specs' bad versions, and what is wrong with each. */
const WHY: Record<string, string> = { 'bad-check': 'health check fails', 'bad-agent': 'agent crashes' };

/**
 * Time from the first boot of a bad OS version to the machine healthy again on the old one:
 * the bad-version cases of the node agent's fault specs (a real update server, a real
 * machine supervisor booting A/B slots, an image whose health check fails and one whose agent
 * crashes at start), which print what they measured.
 */
export async function runRollbackBench(): Promise<BenchRow[]> {
  const res = spawnSync(
    join(WORKSPACE_ROOT, 'node_modules/.bin/vitest'),
    ['run', 'src/update/update-faults.int.spec.ts', '-t', 'a bad version', '--reporter', 'verbose', '--silent', 'false'],
    { cwd: join(WORKSPACE_ROOT, 'apps/node-agent'), encoding: 'utf8', timeout: 600_000 },
  );
  const output = `${res.stdout}${res.stderr}`;
  if (res.status !== 0) throw new Error(`the bad-version specs failed (exit ${res.status}):\n${output.slice(-2000)}`);
  const rows: BenchRow[] = [...output.matchAll(LINE)].map((m) => ({
    name: `bad OS version (${WHY[m[2] ?? ''] ?? m[2]}): first boot → healthy on old`,
    value: Number(m[3]),
    unit: `ms (health deadline ${m[4]} ms of it)`,
  }));
  if (rows.length === 0) throw new Error(`the bad-version specs printed no measurement:\n${output.slice(-2000)}`);
  return rows;
}

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sweepRecordedProcesses } from './process-registry';

/**
 * Vitest global setup. Gives this test run its own process registry (so concurrent runs
 * never sweep each other's processes) and returns the teardown that kills any process a
 * harness started and could not stop itself, for example when a test worker crashed.
 */
export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'strata-testkit-run-'));
  process.env['STRATA_TESTKIT_REGISTRY'] = dir;
  return () => {
    const killed = sweepRecordedProcesses();
    if (killed.length > 0) console.warn(`testkit: killed leftover processes: ${killed.join(', ')}`);
    rmSync(dir, { recursive: true, force: true });
  };
}

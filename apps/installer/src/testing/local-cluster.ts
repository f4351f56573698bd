import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { vi } from 'vitest';
import { binaryPath } from '@strata/toolchain';

/** Writes a local Cluster document for tests, on its own loopback range and state directory. */
export function writeLocalCluster(work: string, options: { name: string; controlPlane: number; workers: number }): string {
  const range = `127.${100 + Math.floor(Math.random() * 100)}.${Math.floor(Math.random() * 250)}.0/24`;
  const file = join(work, `${options.name}.yaml`);
  writeFileSync(
    file,
    [
      'apiVersion: strata.dev/v1alpha1',
      'kind: Cluster',
      `metadata: {name: ${options.name}}`,
      'spec:',
      `  platform: {local: {stateDir: ${join(work, 'state')}, addressRange: ${range}}}`,
      `  controlPlane: {replicas: ${options.controlPlane}}`,
      `  workers: [{name: default, replicas: ${options.workers}}]`,
      '',
    ].join('\n'),
  );
  return file;
}

/** Runs the pinned kubectl against a kubeconfig; throws with its output on failure. */
export function kubectl(kubeconfig: string, args: string[], options: { allowFail?: boolean } = {}): string {
  const res = spawnSync(binaryPath('kubectl'), ['--kubeconfig', kubeconfig, ...args], { encoding: 'utf8', timeout: 120_000 });
  if (res.status !== 0 && !options.allowFail) throw new Error(`kubectl ${args.join(' ')}: ${res.stderr}${res.stdout}`);
  return res.stdout;
}

/**
 * Waits (with vitest's `vi.waitFor`) until `check` returns a value other than undefined or
 * false; on timeout the error names `what` and the last error `check` threw.
 */
export function eventually<T>(what: string, check: () => T | undefined | false, timeoutMs = 120_000, intervalMs = 500): Promise<T> {
  return vi.waitFor(
    () => {
      let value: T | undefined | false;
      try {
        value = check();
      } catch (error) {
        throw new Error(`${what}: not reached (last error: ${(error as Error).message})`);
      }
      if (value === undefined || value === false) throw new Error(`${what}: not reached within ${timeoutMs / 1000} s`);
      return value;
    },
    { timeout: timeoutMs, interval: intervalMs },
  );
}

export interface PodRow {
  name: string;
  phase: string;
  node: string;
}

export function pods(kubeconfig: string, selector: string): PodRow[] {
  const out = kubectl(kubeconfig, [
    'get',
    'pods',
    '-l',
    selector,
    '-o',
    'jsonpath={range .items[*]}{.metadata.name} {.status.phase} {.spec.nodeName}{"\\n"}{end}',
  ]);
  return out
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      const [name = '', phase = '', node = ''] = l.split(' ');
      return { name, phase, node };
    });
}

export function nodeReady(kubeconfig: string, node: string): string {
  return kubectl(kubeconfig, ['get', 'node', node, '-o', 'jsonpath={.status.conditions[?(@.type=="Ready")].status}']).trim();
}

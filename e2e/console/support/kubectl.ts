import { spawnSync } from 'node:child_process';

/** The machine's kubectl (see the README's prerequisites). */
export const KUBECTL = process.env['STRATA_KUBECTL'] ?? '/usr/bin/kubectl';

/** Runs kubectl against the test cluster; throws with its output when it fails. */
export function kubectl(kubeconfig: string, args: string[], input?: string): string {
  const res = spawnSync(KUBECTL, ['--kubeconfig', kubeconfig, ...args], { encoding: 'utf8', timeout: 300_000, ...(input !== undefined ? { input } : {}) });
  if (res.status !== 0) throw new Error(`kubectl ${args.join(' ')} failed (exit ${res.status}): ${res.stderr || res.stdout}`);
  return res.stdout;
}

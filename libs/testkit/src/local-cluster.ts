import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strataCliCommand, WORKSPACE_ROOT } from '@strata/toolchain';

/** A real local Strata cluster installed by the `strata` CLI for a test. */
export interface TestLocalCluster {
  name: string;
  /** The cluster directory (`--dir`). */
  dir: string;
  /** Admin kubeconfig (system:masters). */
  kubeconfigPath: string;
  /** Destroys the cluster and removes its files. Safe to call twice. */
  destroy(): void;
}

function strata(args: string[], timeoutMs: number, strataHome: string): { code: number; output: string } {
  // Started from its bundle through the launcher, as users start it.
  const cli = strataCliCommand(args);
  const res = spawnSync(cli.command, cli.args, {
    cwd: WORKSPACE_ROOT,
    encoding: 'utf8',
    timeout: timeoutMs,
    env: { ...process.env, STRATA_HOME: strataHome },
  });
  return { code: res.status ?? -1, output: `${res.stdout}${res.stderr}` };
}

/**
 * Installs a local cluster (real etcd, kube-apiserver, controller-manager and scheduler;
 * workers whose pods run through KWOK) on a random loopback range, through the real CLI.
 */
export function installLocalCluster(
  options: { name?: string; controlPlane?: 1 | 3; workers?: number; timeoutMs?: number; /** Where the installer registers the cluster for the console (default: inside the test's directory). */ strataHome?: string } = {},
): TestLocalCluster {
  const name = options.name ?? 'test';
  const work = mkdtempSync(join(tmpdir(), `strata-${name}-`));
  const range = `127.${100 + Math.floor(Math.random() * 100)}.${Math.floor(Math.random() * 250)}.0/24`;
  const doc = join(work, 'cluster.yaml');
  writeFileSync(
    doc,
    [
      'apiVersion: strata.dev/v1alpha1',
      'kind: Cluster',
      `metadata: {name: ${name}}`,
      'spec:',
      `  platform: {local: {stateDir: ${join(work, 'state')}, addressRange: ${range}}}`,
      `  controlPlane: {replicas: ${options.controlPlane ?? 1}}`,
      `  workers: [{name: default, replicas: ${options.workers ?? 2}}]`,
      '',
    ].join('\n'),
  );
  const dir = join(work, 'cluster');
  const home = options.strataHome ?? join(work, 'home');
  let destroyed = false;
  const destroy = () => {
    if (destroyed) return;
    destroyed = true;
    strata(['destroy', '--dir', dir], 120_000, home);
    rmSync(work, { recursive: true, force: true });
  };
  const res = strata(['install', '-f', doc, '--dir', dir], options.timeoutMs ?? 400_000, home);
  if (res.code !== 0) {
    destroy();
    throw new Error(`strata install failed (exit ${res.code}):\n${res.output.slice(-3000)}`);
  }
  return { name, dir, kubeconfigPath: join(dir, 'auth/kubeconfig'), destroy };
}

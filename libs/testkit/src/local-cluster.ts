import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { projectNode, WORKSPACE_ROOT } from '@strata/toolchain';

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

/**
 * The `strata` command of the installed `@strata/installer` package (its `bin`), the launcher
 * users start, which runs the CLI from its bundle. Found by package name, not by a path into
 * the repository. The graph edge is testkit's implicit dependency on the installer (its
 * project.json); the program is run, never imported.
 */
export function strataBin(): string {
  const manifest = createRequire(import.meta.url).resolve('@strata/installer/package.json');
  const { bin } = JSON.parse(readFileSync(manifest, 'utf8')) as { bin?: string | Record<string, string> };
  const entry = typeof bin === 'string' ? bin : bin?.['strata'];
  if (entry === undefined) throw new Error(`${manifest} declares no "strata" bin; add "bin": {"strata": "./bin/strata.ts"}`);
  return join(dirname(manifest), entry);
}

function strata(args: string[], timeoutMs: number, strataHome: string): { code: number; output: string } {
  // The package's `strata` command on the project's Node.js, as users start it.
  const res = spawnSync(projectNode(), [strataBin(), ...args], {
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
  options: {
    name?: string;
    controlPlane?: 1 | 3;
    workers?: number;
    timeoutMs?: number;
    /** Where the installer registers the cluster for the console (default: inside the test's directory). */ strataHome?: string;
  } = {},
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

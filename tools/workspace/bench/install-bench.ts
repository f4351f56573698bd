import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { binaryPath, WORKSPACE_ROOT } from '@strata/toolchain';
import type { BenchRow } from './bench-row';

function run(command: string, args: string[], env: Record<string, string> = {}): { ms: number; code: number; out: string } {
  const started = performance.now();
  const res = spawnSync(command, args, { cwd: WORKSPACE_ROOT, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 600_000 });
  return { ms: performance.now() - started, code: res.status ?? -1, out: `${res.stdout}${res.stderr}` };
}

function strata(args: string[]) {
  return run(join(WORKSPACE_ROOT, 'node_modules/.bin/node'), ['--import', 'tsx', join(WORKSPACE_ROOT, 'apps/installer/src/main.ts'), ...args]);
}

function must(result: { code: number; out: string }, what: string): void {
  if (result.code !== 0) throw new Error(`${what} failed (exit ${result.code}):\n${result.out.slice(-2000)}`);
}

/** Seconds until `count` nodes report Ready through kubectl. */
function waitNodesReady(kubeconfig: string, count: number, timeoutMs = 180_000): void {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = spawnSync(binaryPath('kubectl'), ['--kubeconfig', kubeconfig, 'get', 'nodes', '--no-headers'], { encoding: 'utf8' });
    const ready = res.stdout.split('\n').filter((l) => /\sReady\s/.test(l)).length;
    if (ready >= count) return;
    if (Date.now() > deadline) throw new Error(`only ${ready}/${count} nodes Ready: ${res.stdout}${res.stderr}`);
    spawnSync('sleep', ['0.2']);
  }
}

/**
 * Install time of a local cluster with 1 control plane + 2 workers (cold: new directory;
 * warm: the same directory after destroy, assets kept), side by side with
 * `kwokctl create cluster --runtime binary` on the same pinned binaries plus 3 nodes.
 */
export async function runInstallBench(): Promise<BenchRow[]> {
  const work = mkdtempSync(join(tmpdir(), 'strata-install-bench-'));
  const doc = join(work, 'cluster.yaml');
  writeFileSync(
    doc,
    [
      'apiVersion: strata.dev/v1alpha1',
      'kind: Cluster',
      'metadata: {name: bench}',
      'spec:',
      `  platform: {local: {stateDir: ${join(work, 'state')}, addressRange: 127.61.0.0/24}}`,
      '  controlPlane: {replicas: 1}',
      '  workers: [{name: default, replicas: 2}]',
      '',
    ].join('\n'),
  );
  const dir = join(work, 'cluster');
  try {
    const cold = strata(['install', '-f', doc, '--dir', dir]);
    must(cold, 'strata install (cold)');
    must(strata(['destroy', '--dir', dir]), 'strata destroy');
    const warm = strata(['install', '-f', doc, '--dir', dir]);
    must(warm, 'strata install (warm)');
    must(strata(['destroy', '--dir', dir]), 'strata destroy');

    const kwokWork = join(work, 'kwok');
    const kubeconfig = join(work, 'kwok.kubeconfig');
    const name = `bench${process.pid}`;
    const env = { KWOK_WORKDIR: kwokWork };
    const started = performance.now();
    must(
      run(
        binaryPath('kwokctl'),
        [
          'create',
          'cluster',
          '--name',
          name,
          '--runtime',
          'binary',
          `--kube-apiserver-binary=${binaryPath('kube-apiserver')}`,
          `--kube-controller-manager-binary=${binaryPath('kube-controller-manager')}`,
          `--kube-scheduler-binary=${binaryPath('kube-scheduler')}`,
          `--etcd-binary=${binaryPath('etcd')}`,
          `--kwok-controller-binary=${binaryPath('kwok')}`,
          `--kubeconfig=${kubeconfig}`,
          '--wait=120s',
        ],
        env,
      ),
      'kwokctl create cluster',
    );
    must(run(binaryPath('kwokctl'), ['scale', 'node', '--name', name, '--replicas', '3'], env), 'kwokctl scale node');
    waitNodesReady(kubeconfig, 3);
    const kwokMs = performance.now() - started;
    run(binaryPath('kwokctl'), ['delete', 'cluster', '--name', name], env);

    const coldS = cold.ms / 1000;
    const warmS = warm.ms / 1000;
    const kwokS = kwokMs / 1000;
    return [
      { name: 'strata install, 1 control plane + 2 workers, cold', value: Number(coldS.toFixed(1)), unit: 's', target: '≤ 20 s', met: coldS <= 20 },
      { name: 'strata install, same directory again (warm)', value: Number(warmS.toFixed(1)), unit: 's', target: '≤ 20 s', met: warmS <= 20 },
      { name: 'kwokctl create cluster --runtime binary + 3 nodes', value: Number(kwokS.toFixed(1)), unit: 's' },
      { name: 'ratio strata cold / kwokctl', value: Number((coldS / kwokS).toFixed(2)), unit: 'x', target: '≤ 1.5', met: coldS / kwokS <= 1.5 },
      { name: 'ratio strata warm / kwokctl', value: Number((warmS / kwokS).toFixed(2)), unit: 'x', target: '≤ 1.5', met: warmS / kwokS <= 1.5 },
    ];
  } finally {
    strata(['destroy', '--dir', dir]);
    rmSync(work, { recursive: true, force: true });
  }
}

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { STRATA_CLI, strataCliCommand } from '@strata/installer/bundle';
import { NODE_AGENT } from '@strata/node-agent/bundle';
import { binaryPath, ensureBundle, WORKSPACE_ROOT } from '@strata/toolchain';
import { percentile, type BenchRow } from './bench-row';

function run(command: string, args: string[], env: Record<string, string> = {}): { ms: number; code: number; out: string } {
  const started = performance.now();
  const res = spawnSync(command, args, { cwd: WORKSPACE_ROOT, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 600_000 });
  return { ms: performance.now() - started, code: res.status ?? -1, out: `${res.stdout}${res.stderr}` };
}

function strata(args: string[]) {
  const cli = strataCliCommand(args);
  return run(cli.command, cli.args);
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

/** Seconds for `kwokctl create cluster --runtime binary` on the pinned binaries, plus 3 nodes Ready. */
function kwokctlCreate(work: string, round: number): number {
  const kwokWork = join(work, `kwok-${round}`);
  const kubeconfig = join(work, `kwok-${round}.kubeconfig`);
  const name = `bench${process.pid}r${round}`;
  const env = { KWOK_WORKDIR: kwokWork };
  const started = performance.now();
  try {
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
    return (performance.now() - started) / 1000;
  } finally {
    run(binaryPath('kwokctl'), ['delete', 'cluster', '--name', name], env);
  }
}

/** Rounds of each measurement; the median is reported, so one slow start does not decide. */
const ROUNDS = Number(process.env['STRATA_BENCH_ROUNDS'] ?? 3);

/**
 * Install time of a local cluster with 1 control plane + 2 workers (cold: a new directory,
 * so new PKI and assets; warm: the same directory after destroy, assets kept), side by
 * side with `kwokctl create cluster --runtime binary` on the same pinned binaries plus 3
 * nodes. Each is measured ROUNDS times, interleaved, and the medians are compared.
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
  // Bundles are rebuilt once per source change, not per install: build them before timing.
  await ensureBundle(STRATA_CLI);
  await ensureBundle(NODE_AGENT);
  const cold: number[] = [];
  const warm: number[] = [];
  const kwok: number[] = [];
  let dir = '';
  try {
    for (let round = 0; round < ROUNDS; round++) {
      dir = join(work, `cluster-${round}`);
      const first = strata(['install', '-f', doc, '--dir', dir]);
      must(first, 'strata install (cold)');
      must(strata(['destroy', '--dir', dir]), 'strata destroy');
      const again = strata(['install', '-f', doc, '--dir', dir]);
      must(again, 'strata install (warm)');
      must(strata(['destroy', '--dir', dir]), 'strata destroy');
      cold.push(first.ms / 1000);
      warm.push(again.ms / 1000);
      kwok.push(kwokctlCreate(work, round));
    }
  } finally {
    if (dir) strata(['destroy', '--dir', dir]);
    rmSync(work, { recursive: true, force: true });
  }
  const coldS = percentile(cold, 50);
  const warmS = percentile(warm, 50);
  const kwokS = percentile(kwok, 50);
  const of = ` (median of ${ROUNDS})`;
  return [
    { name: `strata install, 1 control plane + 2 workers, cold${of}`, value: Number(coldS.toFixed(1)), unit: 's', target: '≤ 20 s', met: coldS <= 20 },
    { name: `strata install, same directory again, warm${of}`, value: Number(warmS.toFixed(1)), unit: 's', target: '≤ 20 s', met: warmS <= 20 },
    { name: `kwokctl create cluster --runtime binary + 3 nodes${of}`, value: Number(kwokS.toFixed(1)), unit: 's' },
    { name: 'ratio strata cold / kwokctl', value: Number((coldS / kwokS).toFixed(2)), unit: 'x', target: '≤ 1.5', met: coldS / kwokS <= 1.5 },
    { name: 'ratio strata warm / kwokctl', value: Number((warmS / kwokS).toFixed(2)), unit: 'x', target: '≤ 1.5', met: warmS / kwokS <= 1.5 },
  ];
}

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WORKSPACE_ROOT } from '@strata/toolchain';
import { strataCliCommand } from '../bundle';
import { eventually, kubectl, writeLocalCluster } from '../testing/local-cluster';
import { runCli } from '../testing/run-cli';

const work = mkdtempSync(join(tmpdir(), 'strata-scale-'));
const dir = join(work, 'sc');
const kubeconfig = join(dir, 'auth/kubeconfig');
const machinesDir = join(work, 'state/sc/machines');

const replicasInDocument = () =>
  (parseYaml(readFileSync(join(dir, 'cluster.yaml'), 'utf8')) as { spec: { workers: { replicas: number }[] } }).spec.workers[0]?.replicas;
const workerNodes = () =>
  kubectl(kubeconfig, ['get', 'nodes', '-l', 'node-role.kubernetes.io/worker', '-o', 'jsonpath={.items[*].metadata.name}']).split(/\s+/).filter(Boolean).sort();
const machines = () => (existsSync(machinesDir) ? readdirSync(machinesDir).sort() : []);
const revisions = () => (existsSync(join(dir, 'revisions')) ? readdirSync(join(dir, 'revisions')).sort() : []);
const scale = (replicas: number, ...extra: string[]) =>
  runCli(['scale', '--dir', dir, '--pool', 'default', '--replicas', String(replicas), ...extra], { timeoutMs: 400_000 });

describe('strata scale on a real local cluster', () => {
  beforeAll(() => {
    const doc = writeLocalCluster(work, { name: 'sc', controlPlane: 1, workers: 1 });
    const res = runCli(['install', '-f', doc, '--dir', dir], { timeoutMs: 400_000 });
    expect(res.code, res.stderr + res.stdout).toBe(0);
  }, 420_000);

  afterAll(() => {
    runCli(['destroy', '--dir', dir]);
    rmSync(work, { recursive: true, force: true });
  });

  it('refuses bad input with the field and the fix, changing nothing', () => {
    const cases: [string[], number, RegExp][] = [
      [['--pool', 'nope', '--replicas', '2'], 3, /no worker pool "nope" \(pools: default\)/],
      [['--pool', 'default', '--replicas', '-1'], 2, /replicas: must be a whole number/],
      [['--pool', 'control-plane', '--replicas', '3'], 2, /etcd membership/],
      [['--pool', 'default', '--replicas', '0'], 2, /removes sc-default-0[\s\S]*yes: confirm the removal with --yes/],
      [['--pool', 'default', '--replicas', '10'], 5, /11 nodes|free tier|licen/i],
    ];
    for (const [args, code, message] of cases) {
      const res = runCli(['scale', '--dir', dir, ...args]);
      expect([res.code, res.stderr + res.stdout]).toEqual([code, expect.stringMatching(message)]);
    }
    expect(replicasInDocument()).toBe(1);
    expect(revisions()).toEqual([]);
    expect(machines()).toEqual(['sc-cp-0', 'sc-default-0']);
  });

  it('grows the pool 1 → 3 as a new revision of the document, every new Node Ready', () => {
    const res = scale(3);
    expect(res.code, res.stderr + res.stdout).toBe(0);
    expect(replicasInDocument()).toBe(3);
    expect(workerNodes()).toEqual(['sc-default-0', 'sc-default-1', 'sc-default-2']);
    expect(kubectl(kubeconfig, ['get', 'nodes', '-o', 'jsonpath={.items[*].status.conditions[?(@.type=="Ready")].status}']).split(' ')).toEqual([
      'True',
      'True',
      'True',
      'True',
    ]);
    expect(revisions()).toEqual(['0001.diff', '0001.yaml']);
    expect(readFileSync(join(dir, 'revisions/0001.diff'), 'utf8')).toMatch(/-\s+replicas: 1\n\+\s+replicas: 3/);
  });

  it('stops a scale-down whose drain a PodDisruptionBudget blocks, naming the pod and the budget, and changes nothing', () => {
    const manifest = join(work, 'guarded.yaml');
    writeFileSync(
      manifest,
      [
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata: {name: guarded, namespace: default}',
        'spec:',
        '  replicas: 1',
        '  selector: {matchLabels: {app: guarded}}',
        '  template:',
        '    metadata: {labels: {app: guarded}}',
        '    spec:',
        '      nodeSelector: {kubernetes.io/hostname: sc-default-2}',
        '      tolerations: [{operator: Exists}]',
        '      containers: [{name: app, image: registry.k8s.io/pause:3.10}]',
        '---',
        'apiVersion: policy/v1',
        'kind: PodDisruptionBudget',
        'metadata: {name: guarded-pdb, namespace: default}',
        'spec: {minAvailable: 1, selector: {matchLabels: {app: guarded}}}',
        '',
      ].join('\n'),
    );
    kubectl(kubeconfig, ['apply', '-f', manifest]);
    kubectl(kubeconfig, ['rollout', 'status', 'deployment/guarded', '-n', 'default', '--timeout=120s']);

    const blocked = scale(2, '--yes', '--drain-timeout', '8');
    expect(blocked.code, blocked.stderr + blocked.stdout).toBe(4);
    expect(blocked.stderr + blocked.stdout).toMatch(
      /draining sc-default-2 was blocked[\s\S]*default\/guarded-[a-z0-9-]+: [\s\S]*disruption budget guarded-pdb/,
    );
    expect(replicasInDocument()).toBe(3);
    expect(machines()).toContain('sc-default-2');
    expect(kubectl(kubeconfig, ['get', 'node', 'sc-default-2', '-o', 'jsonpath={.spec.unschedulable}'])).toBe('');
    expect(revisions()).toEqual(['0001.diff', '0001.yaml']);
    kubectl(kubeconfig, ['delete', 'pdb', 'guarded-pdb', '-n', 'default']);
  }, 120_000);

  it('shrinks the pool 3 → 2 → 1, newest first, and finishes a scale-down killed with SIGKILL when run again', async () => {
    const res = scale(2, '--yes');
    expect(res.code, res.stderr + res.stdout).toBe(0);
    expect(workerNodes()).toEqual(['sc-default-0', 'sc-default-1']);
    expect(machines()).toEqual(['sc-cp-0', 'sc-default-0', 'sc-default-1']);

    // Killed once the new document is written, while the machine is being removed.
    const cli = strataCliCommand(['scale', '--dir', dir, '--pool', 'default', '--replicas', '1', '--yes']);
    const child = spawn(cli.command, cli.args, { cwd: WORKSPACE_ROOT, stdio: 'ignore' });
    await eventually('the scaled document', () => replicasInDocument() === 1, 120_000, 20);
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));

    const again = scale(1, '--yes');
    expect(again.code, again.stderr + again.stdout).toBe(0);
    expect(workerNodes()).toEqual(['sc-default-0']);
    expect(machines()).toEqual(['sc-cp-0', 'sc-default-0']);
    expect(revisions()).toEqual(['0001.diff', '0001.yaml', '0002.diff', '0002.yaml', '0003.diff', '0003.yaml']);
    const status = runCli(['status', '--dir', dir, '--output', 'json']);
    expect(status.code, status.stderr + status.stdout).toBe(0);
  }, 600_000);

  it('adds a pool after the others and removes it again; refuses to remove one whose removal would move the addresses of another', () => {
    const add = runCli(['pool', 'add', '--dir', dir, '--name', 'gpu', '--replicas', '1'], { timeoutMs: 400_000 });
    expect(add.code, add.stderr + add.stdout).toBe(0);
    expect(workerNodes()).toEqual(['sc-default-0', 'sc-gpu-0']);
    expect(kubectl(kubeconfig, ['get', 'node', 'sc-gpu-0', '-o', 'jsonpath={.metadata.labels.strata\\.dev/pool}'])).toBe('gpu');

    const again = runCli(['pool', 'add', '--dir', dir, '--name', 'gpu', '--replicas', '1']);
    expect([again.code, again.stderr + again.stdout]).toEqual([
      2,
      expect.stringMatching(/already has a worker pool "gpu"[\s\S]*name: choose a name no pool has/),
    ]);
    const moving = runCli(['pool', 'remove', '--dir', dir, '--name', 'default', '--yes']);
    expect([moving.code, moving.stderr + moving.stdout]).toEqual([2, expect.stringMatching(/would move the addresses of sc-gpu-0/)]);

    const remove = runCli(['pool', 'remove', '--dir', dir, '--name', 'gpu', '--yes'], { timeoutMs: 400_000 });
    expect(remove.code, remove.stderr + remove.stdout).toBe(0);
    expect(workerNodes()).toEqual(['sc-default-0']);
    expect(machines()).toEqual(['sc-cp-0', 'sc-default-0']);
    expect((parseYaml(readFileSync(join(dir, 'cluster.yaml'), 'utf8')) as { spec: { workers: { name: string }[] } }).spec.workers.map((w) => w.name)).toEqual([
      'default',
    ]);
  }, 600_000);

  it('previews destroy: every resource of the plan and what the cluster made outside it, deleting nothing', () => {
    kubectl(kubeconfig, ['create', 'service', 'loadbalancer', 'web-lb', '--tcp=80:8080', '-n', 'default']);
    const res = runCli(['destroy', '--dir', dir, '--preview', '--output', 'json']);
    expect(res.code, res.stderr + res.stdout).toBe(0);
    const preview = JSON.parse(res.stdout) as {
      steps: { step: string; state: string }[];
      owned: { kind: string }[];
      outside: { kind: string; name: string }[];
    };
    expect(preview.steps.map((s) => s.step)).toEqual(expect.arrayContaining(['machine/sc-cp-0', 'machine/sc-default-0', 'load-balancer/api']));
    expect(preview.steps.map((s) => s.step)).not.toContain('machine/sc-gpu-0');
    expect(preview.owned.map((o) => o.kind)).toEqual(expect.arrayContaining(['machine', 'load-balancer']));
    expect(preview.outside).toEqual([{ kind: 'Service load balancer', name: 'default/web-lb', detail: 'no address yet' }]);
    expect(machines()).toEqual(['sc-cp-0', 'sc-default-0']);
    expect(workerNodes()).toEqual(['sc-default-0']);
  });
});

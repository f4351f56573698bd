import { execFileSync } from 'node:child_process';
import { installLocalCluster } from '@strata/testkit';

const t0 = Date.now();
const cluster = installLocalCluster({ workers: 2 });
console.log('installed in', Date.now() - t0);
try {
  const k = (...args: string[]) => execFileSync('kubectl', ['--kubeconfig', cluster.kubeconfigPath, ...args], { encoding: 'utf8' });
  console.log(k('get', 'nodes', '-o', 'wide', '--show-labels'));
  console.log(k('get', 'nodes', '-o', 'jsonpath={range .items[*]}{.metadata.name} {.spec.taints}{"\\n"}{end}'));
  console.log(k('get', 'pods', '-A', '-o', 'wide'));
  console.log(k('create', 'deployment', 'web', '--image=registry.k8s.io/pause:3.10', '--replicas=4'));
  execFileSync('sleep', ['8']);
  console.log(k('get', 'pods', '-A', '-o', 'wide'));
  console.log(k('get', 'events', '-A'));
} finally {
  cluster.destroy();
}

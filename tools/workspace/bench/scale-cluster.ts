import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CoreV1Api, KubeConfig, type V1Pod } from '@kubernetes/client-node';
import { startControlPlane, type TestControlPlane } from '@strata/testkit';
import { binaryPath, ProcessGroup, WORKSPACE_ROOT } from '@strata/toolchain';

export const BENCH_NAMESPACE = 'bench';

/** A real etcd + kube-apiserver with KWOK simulating many Ready nodes and Running pods. */
export interface ScaleCluster {
  cp: TestControlPlane;
  core: CoreV1Api;
  nodeNames: string[];
  stop(): Promise<void>;
}

async function inBatches<T>(items: T[], concurrency: number, fn: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) {
        const item = items[next++] as T;
        await fn(item);
      }
    }),
  );
}

export function benchPod(name: string, nodeName: string): V1Pod {
  return {
    metadata: { name, namespace: BENCH_NAMESPACE, labels: { app: 'bench' } },
    spec: { nodeName, automountServiceAccountToken: false, containers: [{ name: 'app', image: 'registry.k8s.io/pause:3.10' }] },
  };
}

/** Starts the control plane and KWOK, then creates `nodes` Nodes and `pods` Pods spread over them. */
export async function startScaleCluster(nodes: number, pods: number, log: (m: string) => void): Promise<ScaleCluster> {
  const cp = await startControlPlane({ apiServerFlags: ['--max-requests-inflight=800', '--max-mutating-requests-inflight=400'] });
  const group = new ProcessGroup();
  const work = mkdtempSync(join(tmpdir(), 'strata-scale-'));
  const stop = async () => {
    await group.stopAll();
    await cp.stop();
    rmSync(work, { recursive: true, force: true });
  };
  try {
    const stages = [
      resolve(import.meta.dirname, 'kwok-stages/node-initialize.yaml'),
      ...['pod-ready.yaml', 'pod-complete.yaml', 'pod-delete.yaml'].map((f) => join(WORKSPACE_ROOT, 'libs/driver-local/kwok', f)),
    ];
    group.spawn({
      name: 'kwok',
      command: binaryPath('kwok'),
      args: [
        `--kubeconfig=${cp.kubeconfigPath}`,
        ...stages.flatMap((s) => ['--config', s]),
        '--manage-all-nodes',
        '--node-lease-duration-seconds=0',
        '--cidr=10.0.0.0/8',
        '--server-address=',
      ],
      logFile: join(work, 'kwok.log'),
    });
    const kc = new KubeConfig();
    kc.loadFromFile(cp.kubeconfigPath);
    const core = kc.makeApiClient(CoreV1Api);
    await core.createNamespace({ body: { metadata: { name: BENCH_NAMESPACE } } });
    // No controller-manager runs here to create the namespace's default ServiceAccount, which admission requires.
    await core.createNamespacedServiceAccount({ namespace: BENCH_NAMESPACE, body: { metadata: { name: 'default' } } });
    const nodeNames = Array.from({ length: nodes }, (_, i) => `sim-${String(i).padStart(4, '0')}`);
    let t = Date.now();
    await inBatches(nodeNames, 32, (name) =>
      core.createNode({
        body: {
          metadata: {
            name,
            labels: { 'kubernetes.io/hostname': name, 'node-role.kubernetes.io/worker': '', type: 'kwok' },
            annotations: { 'kwok.x-k8s.io/node': 'fake' },
          },
          spec: { taints: [] },
        },
      }),
    );
    log(`created ${nodes} nodes in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    t = Date.now();
    const podNames = Array.from({ length: pods }, (_, i) => `pod-${String(i).padStart(5, '0')}`);
    await inBatches(podNames, 32, (name) =>
      core.createNamespacedPod({ namespace: BENCH_NAMESPACE, body: benchPod(name, nodeNames[Number(name.slice(4)) % nodes] ?? 'sim-0000') }),
    );
    log(`created ${pods} pods in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    return { cp, core, nodeNames, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

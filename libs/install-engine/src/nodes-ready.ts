import { setTimeout as sleep } from 'node:timers/promises';
import { nodeLabels, topologyOf } from '@strata/bootstrap';
import type { Cluster } from '@strata/cluster-config';
import { ProviderError } from '@strata/errors';
import { clusterFiles } from './context';
import { loadK8s } from './load-k8s';

const NODE_READY_TIMEOUT_MS = 300_000;

/**
 * Waits for every machine of the document to be a Ready Node, giving each its role and pool
 * labels as it registers (they need admin rights: the NodeRestriction admission plugin keeps
 * nodes from setting them). Used by install and by every change of the worker pools.
 */
export async function waitForNodesReady(cluster: Cluster, dir: string, report: (message: string) => void): Promise<{ name: string; ready: 'True' }[]> {
  const { coreApi, kubeConfigFromFile, labelNode, listAllNodes, readyStatus } = await loadK8s();
  const api = coreApi(kubeConfigFromFile(clusterFiles(dir).adminKubeconfig));
  const topology = topologyOf(cluster);
  const expected = [...topology.controlPlane, ...topology.workers];
  const deadline = Date.now() + NODE_READY_TIMEOUT_MS;
  const labelled = new Set<string>();
  for (;;) {
    let nodes: Awaited<ReturnType<typeof listAllNodes>> = [];
    try {
      nodes = await listAllNodes(api);
    } catch (error) {
      report(`API not answering yet: ${(error as Error).message}`);
    }
    await Promise.all(
      expected
        .filter((m) => !labelled.has(m.name) && nodes.some((n) => n.metadata?.name === m.name))
        .map(async (m) => {
          await labelNode(api, m.name, nodeLabels(cluster, m));
          labelled.add(m.name);
        }),
    );
    const ready = expected.filter((m) => nodes.some((n) => n.metadata?.name === m.name && readyStatus(n) === 'True'));
    report(`${ready.length}/${expected.length} nodes Ready`);
    if (ready.length === expected.length) return expected.map((m) => ({ name: m.name, ready: 'True' as const }));
    if (Date.now() > deadline) {
      const missing = expected.filter((m) => !ready.includes(m)).map((m) => m.name);
      throw new ProviderError(
        `nodes not Ready after ${NODE_READY_TIMEOUT_MS / 1000} s: ${missing.join(', ')} (see the machine logs under the state directory)`,
        { retryable: true },
      );
    }
    await sleep(200);
  }
}

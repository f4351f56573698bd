import { existsSync } from 'node:fs';
import { copyFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { machinesOf, type Cluster } from '@strata/cluster-config';
import { readAssetManifest, writeAssetDirectory, topologyOf } from '@strata/bootstrap';
import { applyPlan, DirectoryLock, type ProgressEvent } from '@strata/driver-api';
import { InputError, ProviderError } from '@strata/errors';
import { clusterFiles, driverContext, type ContextOptions } from './context';
import { driverFor } from './drivers';
import { applyAddons, readAddonManifests } from './addons';
import { adminConnection, clusterHealth } from './health';
import { InstallLog } from './install-log';
import { loadK8s } from './load-k8s';
import { waitForNodesReady } from './nodes-ready';
import { registerInstalledCluster } from './registry';

/** One phase of an install, run as one line of the task list. */
export interface Phase {
  /** Stable name of the phase (`assets`, `infrastructure`, `nodes`, …), for front ends that keep their state. */
  id: string;
  title: string;
  run(report: (message: string) => void): Promise<string | void>;
}

/** How far an install goes: the assets only, the infrastructure too, or a ready cluster (the default). */
export const INSTALL_STAGES = ['assets', 'infrastructure', 'ready'] as const;
export type InstallStage = (typeof INSTALL_STAGES)[number];

export interface InstallOutcome {
  cluster: string;
  /** The stage the install stopped after. */
  until: InstallStage;
  apiUrl: string;
  kubeconfig: string;
  alreadyInstalled: boolean;
  nodes: { name: string; ready: string }[];
}

const API_TIMEOUT_MS = 300_000;
const ADDONS_READY_TIMEOUT_MS = 300_000;

/**
 * The phases of `strata install`. The caller runs them in order (as a task list on a
 * terminal, log lines otherwise). Every phase is idempotent, so after a crash the same
 * install picks up where the journal says it stopped.
 */
export async function planInstall(
  cluster: Cluster,
  dir: string,
  onEvent: (e: ProgressEvent) => void,
  options: { until?: InstallStage } & ContextOptions = {},
): Promise<{ phases: Phase[]; outcome: InstallOutcome; release(): void }> {
  const until = options.until ?? 'ready';
  const provider: ContextOptions = { ...(options.credential ? { credential: options.credential } : {}), ...(options.signal ? { signal: options.signal } : {}) };
  const files = clusterFiles(dir);
  const log = new InstallLog(files.installLog);
  const driver = await driverFor(cluster);
  const topology = topologyOf(cluster);
  const outcome: InstallOutcome = {
    cluster: cluster.metadata.name,
    until,
    apiUrl: topology.apiEndpoint.url,
    kubeconfig: files.kubeconfig,
    alreadyInstalled: false,
    nodes: [],
  };
  const emit = (e: ProgressEvent) => {
    log.write(`[${e.phase}] ${e.status} ${e.message}`);
    onEvent(e);
  };

  // Refuse a directory of another cluster before taking the lock or touching anything.
  const previous = await readAssetManifest(dir);
  if (previous && previous.cluster !== cluster.metadata.name) {
    throw new InputError(`${dir} belongs to cluster "${previous.cluster}", not "${cluster.metadata.name}": choose another --dir`);
  }
  if (previous && until === 'ready') {
    const ctx = driverContext(cluster, previous.clusterId, dir, emit, provider);
    const health = await clusterHealth(cluster, dir, await driver.listMachines(ctx));
    if (health.healthy && existsSync(files.kubeconfig)) {
      outcome.alreadyInstalled = true;
      outcome.nodes = health.nodes.map((n) => ({ name: n.name, ready: n.ready }));
      log.write(`cluster ${cluster.metadata.name} is already installed and healthy; nothing to do`);
      return { phases: [], outcome, release: () => undefined };
    }
  }

  const { mkdirSync } = await import('node:fs');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const lock = DirectoryLock.acquire(files.lock, `strata install ${cluster.metadata.name}`);
  log.write(`install of cluster ${cluster.metadata.name} started (pid ${process.pid})`);
  let clusterId = previous?.clusterId ?? '';

  const ctxOf = () => driverContext(cluster, clusterId, dir, emit, provider);
  const assetPhases: Phase[] = [
    {
      id: 'assets',
      title: 'Render assets (PKI, kubeconfigs, manifests, add-ons, Ignition)',
      async run() {
        const result = await writeAssetDirectory(dir, cluster);
        clusterId = result.manifest.clusterId;
        return `${result.manifest.files.length} assets${result.reused ? ', existing CAs kept' : ''}`;
      },
    },
  ];
  const infrastructurePhases: Phase[] = [
    {
      id: 'platform',
      title: `Validate the ${driver.platform} platform`,
      async run() {
        const problems = await driver.validate(ctxOf());
        if (problems.length > 0) throw new InputError(`the ${driver.platform} platform cannot host this cluster`, problems);
      },
    },
    {
      id: 'infrastructure',
      title: `Provision ${machinesOf(cluster).length} machines and the API endpoint`,
      async run(report) {
        const ctx = driverContext(
          cluster,
          clusterId,
          dir,
          (e) => {
            emit(e);
            report(e.message);
          },
          provider,
        );
        // The Kubernetes client the next phase needs is loaded while the control plane boots
        // (the installer only waits then), not after it, when it would add to the install time.
        const preload = setTimeout(() => void loadK8s().catch(() => undefined), 1_000);
        const result = await applyPlan(driver, ctx, driver.plan(ctx)).finally(() => clearTimeout(preload));
        return `${result.created.length} created, ${result.adopted.length} adopted, ${result.unchanged.length} unchanged`;
      },
    },
  ];
  const clusterPhases: Phase[] = [
    {
      id: 'addons',
      title: 'Install the cluster add-ons (kube-proxy, pod network, CoreDNS)',
      async run(report) {
        // Applied as soon as the API answers: on a cloud a node only becomes Ready once its
        // pod network runs. Server-side apply makes a re-run, or one after a crash, a no-op.
        const manifests = await readAddonManifests(dir);
        const conn = await adminConnection(dir);
        if (!conn) throw new ProviderError(`the admin kubeconfig of ${dir} is missing; render the assets again`, { retryable: false });
        const deadline = Date.now() + API_TIMEOUT_MS;
        for (;;) {
          try {
            const applied = await applyAddons(conn, manifests, report);
            return `${manifests.length - 1} add-ons, ${applied} objects applied`;
          } catch (error) {
            if (!(error instanceof ProviderError && error.retryable) || Date.now() > deadline) throw error;
            report(`API not answering yet: ${error.message}`);
            await sleep(500);
          }
        }
      },
    },
    {
      id: 'nodes',
      title: 'Wait for every node to register and become Ready',
      async run(report) {
        outcome.nodes = await waitForNodesReady(cluster, dir, report);
        return `${outcome.nodes.length}/${outcome.nodes.length} nodes Ready`;
      },
    },
    {
      id: 'addons-ready',
      title: 'Wait for the add-ons to be ready',
      async run(report) {
        const { addonHealth } = await loadK8s();
        const conn = await adminConnection(dir);
        if (!conn) throw new ProviderError(`the admin kubeconfig of ${dir} is missing; render the assets again`, { retryable: false });
        const deadline = Date.now() + ADDONS_READY_TIMEOUT_MS;
        for (;;) {
          let reasons: string[];
          let summary = '';
          try {
            const health = await addonHealth(conn);
            reasons = health.reasons;
            summary = health.addons.map((a) => `${a.name} ${a.ready}/${a.desired}`).join(', ');
          } catch (error) {
            reasons = [(error as Error).message];
          }
          if (reasons.length === 0) return summary;
          report(reasons.join('; '));
          if (Date.now() > deadline) {
            throw new ProviderError(`add-ons not ready after ${ADDONS_READY_TIMEOUT_MS / 1000} s: ${reasons.join('; ')}`, { retryable: true });
          }
          await sleep(500);
        }
      },
    },
    {
      id: 'kubeconfig',
      title: 'Write the admin kubeconfig',
      async run() {
        await copyFile(files.adminKubeconfig, files.kubeconfig);
        registerInstalledCluster({ clusterId, name: cluster.metadata.name, dir, kubeconfig: files.kubeconfig, apiUrl: topology.apiEndpoint.url });
        log.write(`install of cluster ${cluster.metadata.name} complete`);
        return files.kubeconfig;
      },
    },
  ];
  const phases = [...assetPhases, ...(until === 'assets' ? [] : infrastructurePhases), ...(until === 'ready' ? clusterPhases : [])];
  return { phases, outcome, release: () => lock.release() };
}

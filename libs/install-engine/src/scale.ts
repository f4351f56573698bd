import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { topologyOf, writeAssetDirectory } from '@strata/bootstrap';
import { clusterToYaml, machinesOf, validateCluster, type Cluster } from '@strata/cluster-config';
import { applyPlan, DirectoryLock, STEP_TAG, type PlanStep } from '@strata/driver-api';
import { ConflictError, InputError, NotFoundError, ProviderError } from '@strata/errors';
import { enforceLicense } from './license';
import { clusterFiles, driverContext } from './context';
import { driverFor } from './drivers';
import { adminConnection } from './health';
import { InstallLog } from './install-log';
import { loadK8s } from './load-k8s';
import { waitForNodesReady } from './nodes-ready';

/** What a change of the worker pools does: the next document and the machines it adds and removes. */
export interface ScalePlan {
  /** The change in words, e.g. `scale default 1 → 3`, for the log and the revision. */
  summary: string;
  next: Cluster;
  adding: string[];
  removing: string[];
}

type WorkersDocument = { spec: { workers: Record<string, unknown>[] } };

/**
 * The next document after `edit` of the current one's worker pools, validated, and the
 * machines that come and go (removed ones newest first). Refuses a change that would move the
 * address of a machine that stays, since a running machine cannot change its address.
 */
function planChange(cluster: Cluster, summary: string, edit: (document: WorkersDocument) => void): ScalePlan {
  const document = JSON.parse(JSON.stringify(cluster)) as WorkersDocument;
  edit(document);
  const result = validateCluster(document);
  if (!result.ok) throw new InputError(`cluster ${cluster.metadata.name} after "${summary}" is not valid`, result.problems);
  const next = result.cluster;
  const addresses = (c: Cluster) => new Map([...topologyOf(c).controlPlane, ...topologyOf(c).workers].map((m) => [m.name, m.address]));
  const before = addresses(cluster);
  const after = addresses(next);
  const moved = [...after].filter(([name, address]) => before.has(name) && before.get(name) !== address).map(([name]) => name);
  if (moved.length > 0) {
    throw new InputError(`${summary} would move the addresses of ${moved.join(', ')}, which keep running`, [
      {
        path: 'pool',
        message: `machines take addresses in pool order; change the last pool (${cluster.spec.workers.at(-1)?.name}) or add a pool after the others`,
      },
    ]);
  }
  return {
    summary,
    next,
    adding: [...after.keys()].filter((m) => !before.has(m)),
    removing: [...before.keys()].filter((m) => !after.has(m)).sort((a, b) => b.localeCompare(a, 'en', { numeric: true })),
  };
}

function workerPool(cluster: Cluster, pool: string): number {
  if (pool === 'control-plane') {
    throw new InputError('scaling the control plane changes etcd membership, which strata scale does not do', [
      { path: 'pool', message: `choose a worker pool: ${cluster.spec.workers.map((w) => w.name).join(', ')}` },
    ]);
  }
  const index = cluster.spec.workers.findIndex((w) => w.name === pool);
  if (index < 0) {
    throw new NotFoundError(`cluster ${cluster.metadata.name} has no worker pool "${pool}" (pools: ${cluster.spec.workers.map((w) => w.name).join(', ')})`);
  }
  return index;
}

/** The document with worker pool `pool` at `replicas`; scale-down removes the newest machines (the highest indices). */
export function planScale(cluster: Cluster, pool: string, replicas: number): ScalePlan {
  const index = workerPool(cluster, pool);
  if (!Number.isInteger(replicas) || replicas < 0) {
    throw new InputError(`--replicas ${replicas} is not a number of machines`, [{ path: 'replicas', message: 'must be a whole number ≥ 0' }]);
  }
  const from = cluster.spec.workers[index]?.replicas ?? 0;
  return planChange(cluster, `scale ${pool} ${from} → ${replicas}`, (doc) => {
    const target = doc.spec.workers[index];
    if (target) target['replicas'] = replicas;
  });
}

/** The document with a new worker pool after the others. */
export function planAddPool(cluster: Cluster, pool: { name: string; replicas: number; machineType?: string }): ScalePlan {
  if (cluster.spec.workers.some((w) => w.name === pool.name)) {
    throw new InputError(`cluster ${cluster.metadata.name} already has a worker pool "${pool.name}"`, [{ path: 'name', message: 'choose a name no pool has' }]);
  }
  return planChange(cluster, `add pool ${pool.name} (${pool.replicas} machines)`, (doc) => {
    doc.spec.workers.push({ name: pool.name, replicas: pool.replicas, ...(pool.machineType ? { machineType: pool.machineType } : {}) });
  });
}

/** The document without worker pool `pool`; every machine of it is drained and removed. */
export function planRemovePool(cluster: Cluster, pool: string): ScalePlan {
  const index = workerPool(cluster, pool);
  return planChange(cluster, `remove pool ${pool}`, (doc) => {
    doc.spec.workers.splice(index, 1);
  });
}

/**
 * Keeps the document's history: the document in force is copied to
 * `revisions/<n>.yaml` with `revisions/<n>.diff`, the change to the next one, before the
 * next is written.
 */
function writeRevision(dir: string, next: Cluster, reason: string): string {
  const revisions = join(dir, 'revisions');
  mkdirSync(revisions, { recursive: true, mode: 0o700 });
  const n = readdirSync(revisions).filter((f) => /^\d+\.yaml$/.test(f)).length + 1;
  const name = String(n).padStart(4, '0');
  const current = readFileSync(join(dir, 'cluster.yaml'), 'utf8');
  const patch = createTwoFilesPatch(`revisions/${name}.yaml`, 'cluster.yaml', current, clusterToYaml(next), '', reason);
  for (const [file, text] of [
    [`${name}.diff`, patch],
    [`${name}.yaml`, current],
  ] as const) {
    writeFileSync(join(revisions, `${file}.tmp`), text, { mode: 0o600 });
    renameSync(join(revisions, `${file}.tmp`), join(revisions, file));
  }
  return `revisions/${name}.yaml`;
}

export interface ScaleOptions {
  dir: string;
  cluster: Cluster;
  clusterId: string;
  plan: ScalePlan;
  drainTimeoutMs: number;
  report: (message: string) => void;
}

export interface ScaleResult {
  added: string[];
  removed: string[];
  revision: string | null;
}

/** A machine step to delete from its id alone: machine handlers delete by name and journaled outputs. */
function machineStep(name: string): PlanStep {
  return { id: `machine/${name}`, kind: 'machine', name, dependsOn: [], spec: {}, tags: { [STEP_TAG]: `machine/${name}` } };
}

/**
 * Brings the cluster to the scaled document: removed machines are drained first (through the
 * Eviction API, so PodDisruptionBudgets hold; a blocked drain stops the scale before anything
 * changes and names the pod and the budget), then the document's new revision is written,
 * then each removed machine's Node and machine are deleted and added machines created by the
 * install engine and waited for. Every step converges: after a crash the same command (or a
 * second one with the same target) finishes the scale.
 */
export async function runScale(options: ScaleOptions): Promise<ScaleResult> {
  const { dir, cluster, clusterId, plan, report } = options;
  const files = clusterFiles(dir);
  const log = new InstallLog(files.installLog);
  const lock = DirectoryLock.acquire(files.lock, `strata scale ${cluster.metadata.name}`);
  try {
    log.write(`${plan.summary} started (pid ${process.pid})`);
    if (machinesOf(plan.next).length > machinesOf(cluster).length) await enforceLicense(plan.next, join(dir, 'cluster.yaml'));
    const driver = await driverFor(cluster);
    const emit = (e: { phase: string; status: string; message: string }) => {
      log.write(`[${e.phase}] ${e.status} ${e.message}`);
      report(e.message);
    };
    const ctx = driverContext(cluster, clusterId, dir, emit);
    const conn = await adminConnection(dir);
    if (!conn) throw new NotFoundError(`${dir} has no admin kubeconfig: the cluster is not installed (run strata install)`);
    const k8s = await loadK8s();
    // Machines the journal still holds that the document no longer has: the ones this change
    // removes, and after a crash, the ones an earlier run of it had not removed yet.
    const planned = new Set(machinesOf(plan.next).map((m) => m.name));
    const leftovers = ctx.journal
      .entries()
      .filter((e) => e.step.startsWith('machine/') && e.state !== 'deleted' && e.state !== 'absent' && !planned.has(e.step.slice('machine/'.length)))
      .map((e) => e.step.slice('machine/'.length));
    const removing = [...new Set([...plan.removing, ...leftovers])].sort((a, b) => b.localeCompare(a, 'en', { numeric: true }));

    for (const name of removing) {
      report(`draining ${name}`);
      const drained = await k8s.drain(conn, name, { timeoutMs: options.drainTimeoutMs }).catch((error: unknown) => {
        if (error instanceof NotFoundError) return { evicted: [], blocked: [], done: true };
        throw error;
      });
      if (!drained.done) {
        await Promise.all(removing.map((m) => k8s.uncordon(conn, m).catch(() => undefined)));
        const blocked = drained.blocked.map((b) => `${b.pod}: ${b.reason}`).join('; ');
        log.write(`${plan.summary} stopped: draining ${name} was blocked: ${blocked}`);
        throw new ConflictError(
          `draining ${name} was blocked, so nothing changed: ${blocked || `pods still on the node after ${options.drainTimeoutMs / 1000} s`}`,
        );
      }
      if (drained.evicted.length > 0) report(`${name}: evicted ${drained.evicted.join(', ')}`);
    }

    const changed = clusterToYaml(plan.next) !== readFileSync(join(dir, 'cluster.yaml'), 'utf8');
    const revision = changed ? writeRevision(dir, plan.next, plan.summary) : null;
    const assets = await writeAssetDirectory(dir, plan.next);
    if (assets.manifest.clusterId !== clusterId) throw new ProviderError(`the assets of ${dir} changed cluster id while scaling`);
    const nextCtx = driverContext(plan.next, clusterId, dir, emit);

    for (const name of removing) {
      await k8s.deleteObject(conn, k8s.resourceByKey('nodes'), undefined, name).catch((error: unknown) => {
        if (!(error instanceof NotFoundError)) throw error;
      });
      const step = machineStep(name);
      const handler = driver.handlers['machine'];
      if (!handler) throw new ProviderError(`driver ${driver.platform} has no machine handler`);
      nextCtx.journal.record(step.id, 'deleting');
      await handler.delete(nextCtx, step, nextCtx.journal.outputs(step.id));
      nextCtx.journal.record(step.id, 'deleted');
      report(`removed ${name}`);
    }

    if (plan.adding.length > 0 || machinesOf(plan.next).some((m) => nextCtx.journal.state(`machine/${m.name}`) !== 'created')) {
      const applied = await applyPlan(driver, nextCtx, driver.plan(nextCtx));
      report(`${applied.created.length} created, ${applied.adopted.length} adopted`);
      await waitForNodesReady(plan.next, dir, report);
    }
    log.write(`${plan.summary} complete`);
    return { added: plan.adding, removed: removing, revision };
  } finally {
    lock.release();
  }
}

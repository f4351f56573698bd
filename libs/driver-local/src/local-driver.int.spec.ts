import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCluster, type Cluster } from '@strata/cluster-config';
import { writeAssetDirectory } from '@strata/bootstrap';
import { STEP_TAG, type DriverContext, type PlanStep } from '@strata/driver-api';
import { describeDriverConformance, withInjectedFaults, type ProviderResource } from '@strata/driver-api/conformance';
import { localDriver } from './local-driver';
import { readOwner } from './owner';
import { localPaths } from './paths';
import { processesWith, stopProcessesWith } from './processes';
import { localContext, localContextRef } from './testing/conformance-child';

const work = mkdtempSync(join(tmpdir(), 'strata-local-driver-'));
let counter = 0;
let lostJournals = 0;

function cluster(): Cluster {
  const range = `127.${100 + Math.floor(Math.random() * 100)}.${Math.floor(Math.random() * 250)}.0/24`;
  return parseCluster(
    JSON.stringify({
      apiVersion: 'strata.dev/v1alpha1',
      kind: 'Cluster',
      metadata: { name: 'conform' },
      spec: {
        platform: { local: { stateDir: join(work, `state-${counter}`), addressRange: range } },
        controlPlane: { replicas: 1 },
        workers: [{ name: 'default', replicas: 1 }],
      },
    }),
  );
}

async function contextFor(c: Cluster, dir: string): Promise<DriverContext> {
  const { manifest } = await writeAssetDirectory(dir, c);
  return localContext({ cluster: JSON.stringify(c), clusterId: manifest.clusterId, assetsDir: dir, journal: join(dir, 'state/journal.jsonl') });
}

/**
 * The local machine's own listing of a cluster's resources: every directory whose
 * `owner.json` carries the cluster id, once per running daemon of it (a machine's
 * supervisor, the load balancer, KWOK), so a machine started twice shows twice.
 */
function listOwned(ctx: DriverContext): ProviderResource[] {
  const paths = localPaths(ctx.cluster);
  const machinesDir = join(paths.clusterDir, 'machines');
  const machines = existsSync(machinesDir) ? readdirSync(machinesDir) : [];
  const candidates: { dir: string; daemon?: string }[] = [
    { dir: paths.clusterDir },
    { dir: paths.lbDir, daemon: `--pid-file ${join(paths.lbDir, 'lb.pid')}` },
    { dir: paths.kwokDir, daemon: `--kubeconfig=${join(paths.kwokDir, 'kubeconfig')}` },
    ...machines.map((m) => ({ dir: paths.machineDir(m), daemon: `machine --root ${paths.machineRoot(m)}` })),
  ];
  return candidates.flatMap(({ dir, daemon }): ProviderResource[] => {
    const tags = readOwner(dir)?.tags;
    if (tags?.['strata.dev/cluster-id'] !== ctx.clusterId) return [];
    const step = tags[STEP_TAG];
    if (daemon === undefined) return [{ step, id: dir }];
    const pids = processesWith(daemon);
    return pids.length === 0 ? [{ step, id: `${dir} (not running)` }] : pids.map((pid) => ({ step, id: `${dir} pid ${pid}` }));
  });
}

/** The directory that is the resource of `step`. */
function resourceDir(ctx: DriverContext, step: PlanStep): string {
  const paths = localPaths(ctx.cluster);
  switch (step.kind) {
    case 'address-range':
      return paths.clusterDir;
    case 'load-balancer':
      return paths.lbDir;
    case 'kwok':
      return paths.kwokDir;
    default:
      return paths.machineDir(step.name);
  }
}

const faults = withInjectedFaults(localDriver);

describeDriverConformance({
  driver: faults.driver,
  timeoutMs: 240_000,
  async newContext() {
    counter += 1;
    return contextFor(cluster(), join(work, `assets-${counter}`));
  },
  async invalidContext() {
    counter += 1;
    const ctx = await contextFor(cluster(), join(work, `assets-${counter}`));
    // A state directory already owned by another cluster of the same name.
    const other = await contextFor(ctx.cluster, join(work, `assets-${counter}-other`));
    await localDriver.handlers['address-range']!.create(other, localDriver.plan(other).steps[0]!, {}, {});
    return { ctx, pathPrefix: 'spec.platform.local' };
  },
  async withoutJournal(ctx) {
    return localContext({
      cluster: JSON.stringify(ctx.cluster),
      clusterId: ctx.clusterId,
      assetsDir: ctx.assetsDir,
      journal: join(ctx.assetsDir, `state/lost-${++lostJournals}.jsonl`),
    });
  },
  listOwned: (ctx) => Promise.resolve(listOwned(ctx)),
  injectFault: faults.injectFault,
  async deleteOutOfBand(ctx, step) {
    const dir = resourceDir(ctx, step);
    await stopProcessesWith(`${dir}/`);
    rmSync(dir, { recursive: true, force: true });
  },
  childModule: join(import.meta.dirname, 'testing/conformance-child.ts'),
  contextRef: localContextRef,
  async cleanup() {
    rmSync(work, { recursive: true, force: true });
  },
});

import { join } from 'node:path';
import { writeAssetDirectory } from '@strata/bootstrap';
import { parseCluster, type Cluster } from '@strata/cluster-config';
import { applyPlan, destroyAll, type Driver, type DriverContext } from '@strata/driver-api';
import { timed } from './bench-row';

/** One apply and destroy of a cloud driver's infrastructure, with the provider calls each made. */
export interface Measured {
  workers: number;
  steps: number;
  applyMs: number;
  destroyMs: number;
  applyCalls: Record<string, number>;
  destroyCalls: Record<string, number>;
}

/** Counts the calls that reach the provider (a counting proxy, a test server's request log). */
export interface CallCounter {
  reset(): void;
  counts(): Record<string, number>;
}

export const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);

/** The benchmark cluster: one control-plane machine and `workers` workers on `platform`. */
export function benchCluster(name: string, platform: Record<string, unknown>, workers: number): Cluster {
  return parseCluster(
    JSON.stringify({
      apiVersion: 'strata.dev/v1alpha1',
      kind: 'Cluster',
      metadata: { name },
      spec: {
        baseDomain: 'example.com',
        platform,
        controlPlane: { replicas: 1 },
        workers: [{ name: 'default', replicas: workers, machineType: 'small' }],
        networking: { machineCIDR: '10.0.0.0/16', podCIDR: '10.128.0.0/14', serviceCIDR: '172.30.0.0/16' },
        sshAuthorizedKeys: ['ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJyfYwLH5lycKpWxBWO87yTHlhzZZRne8InWAbk7dP3I admin@example.com'],
      },
    }),
    { format: 'json' },
  );
}

/** Renders the cluster's assets under `work` and the driver context `contextOf` makes for them. */
export async function benchContext(
  work: string,
  cluster: Cluster,
  contextOf: (seed: { cluster: string; clusterId: string; assetsDir: string; journal: string }) => DriverContext,
): Promise<DriverContext> {
  const dir = join(work, cluster.metadata.name);
  const { manifest } = await writeAssetDirectory(dir, cluster);
  return contextOf({ cluster: JSON.stringify(cluster), clusterId: manifest.clusterId, assetsDir: dir, journal: join(dir, 'state/journal.jsonl') });
}

/** Applies the driver's whole plan, then destroys it, counting the calls of each; throws if anything is left. */
export async function applyThenDestroy(driver: Driver, ctx: DriverContext, calls: CallCounter, workers: number): Promise<Measured> {
  const name = ctx.cluster.metadata.name;
  const plan = driver.plan(ctx);
  calls.reset();
  const apply = await timed(() => applyPlan(driver, ctx, plan));
  if (apply.value.created.length !== plan.steps.length) throw new Error(`${name}: created ${apply.value.created.length} of ${plan.steps.length} steps`);
  const applyCalls = calls.counts();
  calls.reset();
  const destroy = await timed(() => destroyAll(driver, ctx, plan));
  const destroyCalls = calls.counts();
  const left = await driver.sweep(ctx);
  if (left.length > 0) throw new Error(`${name}: destroy left ${left.map((r) => r.description).join(', ')}`);
  return { workers, steps: plan.steps.length, applyMs: apply.ms, destroyMs: destroy.ms, applyCalls, destroyCalls };
}

/** The calls that grew most from `small` to `big`, per added worker: where the per-worker cost goes. */
export function perWorkerCalls(small: Record<string, number>, big: Record<string, number>, added: number, top = 6): string {
  return (
    Object.entries(big)
      .map(([call, n]) => [call, (n - (small[call] ?? 0)) / added] as const)
      .filter(([, n]) => n > 0.05)
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([call, n]) => `${call} ${n.toFixed(2)}`)
      .join(', ') || 'none grows with the workers'
  );
}

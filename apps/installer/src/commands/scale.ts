import type { Command } from 'commander';
import type { Cluster } from '@strata/cluster-config';
import { InputError } from '@strata/errors';
import { loadClusterDir, planAddPool, planRemovePool, planScale, runScale, type ScalePlan } from '@strata/install-engine';
import type { CommandContext } from '../cli/context';
import type { Console } from '../cli/output';
import { checkClusterDir, checkDirOwner } from '../cli/cluster-dir';

interface ChangeFlags {
  dir: string;
  yes: boolean;
  drainTimeout: string;
}

/** Shows what a change of the worker pools adds and removes, has removals confirmed, and runs it. */
async function change(out: Console, flags: ChangeFlags, plan: (cluster: Cluster) => ScalePlan): Promise<number> {
  checkClusterDir(flags.dir);
  const { cluster, manifest } = await loadClusterDir(flags.dir);
  await checkDirOwner(flags.dir, cluster.metadata.name);
  const drainTimeoutMs = Number(flags.drainTimeout) * 1000;
  if (!Number.isFinite(drainTimeoutMs) || drainTimeoutMs <= 0)
    throw new InputError(`--drain-timeout ${flags.drainTimeout} is invalid`, [{ path: 'drain-timeout', message: 'must be a positive number of seconds' }]);
  const p = plan(cluster);
  out.log('info', `${p.summary}${p.adding.length ? `; adds ${p.adding.join(', ')}` : ''}${p.removing.length ? `; removes ${p.removing.join(', ')}` : ''}`);
  if (p.removing.length > 0 && !flags.yes) {
    if (!process.stdin.isTTY) {
      throw new InputError(`${p.summary} removes ${p.removing.join(', ')}`, [{ path: 'yes', message: 'confirm the removal with --yes' }]);
    }
    const { createInterface } = await import('node:readline/promises');
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    const answer = await rl.question(`remove ${p.removing.join(', ')}? type yes: `);
    rl.close();
    if (answer.trim() !== 'yes') {
      out.result('nothing changed', { added: [], removed: [], revision: null });
      return 1;
    }
  }
  const result = await runScale({ dir: flags.dir, cluster, clusterId: manifest.clusterId, plan: p, drainTimeoutMs, report: (m) => out.log('info', m) });
  out.result(
    `${p.summary}: done${result.added.length ? `; added ${result.added.join(', ')}` : ''}${result.removed.length ? `; removed ${result.removed.join(', ')}` : ''}${result.revision ? `; the previous document is ${result.revision}` : ''}`,
    { change: p.summary, ...result },
  );
  return 0;
}

const changeOptions = (command: Command) =>
  command
    .requiredOption('--dir <dir>', 'asset and state directory of the cluster')
    .option('--yes', 'remove machines without asking (required when not on a terminal)', false)
    .option('--drain-timeout <seconds>', 'how long a removed machine may take to drain', '120');

/** `strata scale` and `strata pool add|remove`: the worker pools, each change a new revision of the document. */
export function registerScale(program: Command, ctx: CommandContext): void {
  changeOptions(
    program
      .command('scale')
      .description('grow or shrink a worker pool: a new revision of cluster.yaml, removed machines drained (PodDisruptionBudgets hold) before they go')
      .requiredOption('--pool <name>', 'the worker pool')
      .requiredOption('--replicas <n>', 'machines the pool should have'),
  ).action((flags: ChangeFlags & { pool: string; replicas: string }) =>
    ctx.run((out) => change(out, flags, (c) => planScale(c, flags.pool, Number(flags.replicas)))),
  );

  const pool = program.command('pool').description('add or remove worker pools');
  changeOptions(
    pool
      .command('add')
      .description('add a worker pool after the others and create its machines')
      .requiredOption('--name <name>', 'the new pool')
      .requiredOption('--replicas <n>', 'machines it has')
      .option('--machine-type <type>', 'machine type of its machines (default: the document default)'),
  ).action((flags: ChangeFlags & { name: string; replicas: string; machineType?: string }) =>
    ctx.run((out) =>
      change(out, flags, (c) =>
        planAddPool(c, { name: flags.name, replicas: Number(flags.replicas), ...(flags.machineType ? { machineType: flags.machineType } : {}) }),
      ),
    ),
  );
  changeOptions(
    pool.command('remove').description('drain and remove every machine of a worker pool, then the pool').requiredOption('--name <name>', 'the pool'),
  ).action((flags: ChangeFlags & { name: string }) => ctx.run((out) => change(out, flags, (c) => planRemovePool(c, flags.name))));
}

import type { Command } from 'commander';
import { InputError } from '@strata/errors';
import { loadClusterDir } from '../cluster/load';
import { planScale, runScale } from '../cluster/scale';
import type { CommandContext } from '../cli/context';
import { checkClusterDir, checkDirOwner } from '../cli/cluster-dir';

interface ScaleFlags {
  dir: string;
  pool: string;
  replicas: string;
  yes: boolean;
  drainTimeout: string;
}

/** `strata scale`: a worker pool to a number of machines, as a new revision of the document. */
export function registerScale(program: Command, ctx: CommandContext): void {
  program
    .command('scale')
    .description('grow or shrink a worker pool: a new revision of cluster.yaml, removed machines drained (PodDisruptionBudgets hold) before they go')
    .requiredOption('--dir <dir>', 'asset and state directory of the cluster')
    .requiredOption('--pool <name>', 'the worker pool')
    .requiredOption('--replicas <n>', 'machines the pool should have')
    .option('--yes', 'remove machines without asking (required when not on a terminal)', false)
    .option('--drain-timeout <seconds>', 'how long a removed machine may take to drain', '120')
    .action((flags: ScaleFlags) =>
      ctx.run(async (out) => {
        checkClusterDir(flags.dir);
        const { cluster, manifest } = await loadClusterDir(flags.dir);
        await checkDirOwner(flags.dir, cluster.metadata.name);
        const replicas = Number(flags.replicas);
        const drainTimeoutMs = Number(flags.drainTimeout) * 1000;
        if (!Number.isFinite(drainTimeoutMs) || drainTimeoutMs <= 0)
          throw new InputError(`--drain-timeout ${flags.drainTimeout} is invalid`, [
            { path: 'drain-timeout', message: 'must be a positive number of seconds' },
          ]);
        const plan = planScale(cluster, flags.pool, replicas);
        out.log(
          'info',
          `pool ${plan.pool}: ${plan.from} → ${plan.to}${plan.adding.length ? `; adds ${plan.adding.join(', ')}` : ''}${plan.removing.length ? `; removes ${plan.removing.join(', ')}` : ''}`,
        );
        if (plan.removing.length > 0 && !flags.yes) {
          if (!process.stdin.isTTY) {
            throw new InputError(`scaling pool ${plan.pool} to ${plan.to} removes ${plan.removing.join(', ')}`, [
              { path: 'yes', message: 'confirm the removal with --yes' },
            ]);
          }
          const { createInterface } = await import('node:readline/promises');
          const rl = createInterface({ input: process.stdin, output: process.stderr });
          const answer = await rl.question(`remove ${plan.removing.join(', ')}? type yes: `);
          rl.close();
          if (answer.trim() !== 'yes') {
            out.result('nothing changed', { added: [], removed: [], revision: null });
            return 1;
          }
        }
        const result = await runScale({ dir: flags.dir, cluster, clusterId: manifest.clusterId, plan, drainTimeoutMs, report: (m) => out.log('info', m) });
        out.result(
          `pool ${plan.pool} has ${plan.to} machines${result.added.length ? `; added ${result.added.join(', ')}` : ''}${result.removed.length ? `; removed ${result.removed.join(', ')}` : ''}${result.revision ? `; the previous document is ${result.revision}` : ''}`,
          { pool: plan.pool, from: plan.from, to: plan.to, ...result },
        );
        return 0;
      }),
    );
}

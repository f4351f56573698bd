import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { clusterFiles, destroyCluster, destroyPreview, driverContext, driverFor, loadClusterDir, previewText } from '@strata/install-engine';
import type { CommandContext } from '../cli/context';
import { checkClusterDir, checkDirOwner } from '../cli/cluster-dir';

export function registerDestroy(program: Command, ctx: CommandContext): void {
  program
    .command('destroy')
    .description('stop and remove every machine and resource of the cluster (safe to run again)')
    .requiredOption('--dir <dir>', 'asset and state directory of the cluster')
    .option('--preview', 'list what destroy would delete, and what the cluster made outside the plan, without deleting anything', false)
    .action(async (opts: { dir: string; preview: boolean }) =>
      ctx.run(async (out) => {
        checkClusterDir(opts.dir);
        const files = clusterFiles(opts.dir);
        if (!existsSync(opts.dir) || (!existsSync(files.journal) && !existsSync(`${opts.dir}/assets.json`))) {
          out.result(`nothing to destroy in ${opts.dir}`, { destroyed: [], swept: [] });
          return 0;
        }
        const { cluster, manifest } = await loadClusterDir(opts.dir);
        await checkDirOwner(opts.dir, cluster.metadata.name);
        if (opts.preview) {
          const preview = await destroyPreview(
            await driverFor(cluster),
            driverContext(cluster, manifest.clusterId, opts.dir, () => undefined),
            opts.dir,
          );
          out.result(previewText(cluster.metadata.name, preview), preview);
          return 0;
        }
        const result = await destroyCluster(cluster, manifest.clusterId, opts.dir, {
          holder: `strata destroy ${cluster.metadata.name}`,
          onEvent: (e) => out.log('info', e.message),
        });
        out.result(
          `destroyed cluster "${cluster.metadata.name}": ${result.deleted.length} resources deleted${result.swept.length ? `, ${result.swept.length} leftovers swept` : ''}; assets kept in ${opts.dir}`,
          result,
        );
        return 0;
      }),
    );
}

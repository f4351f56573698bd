import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { NotFoundError } from '@strata/errors';
import { clusterFiles } from '@strata/install-engine';
import type { CommandContext } from '../cli/context';
import { checkClusterDir } from '../cli/cluster-dir';

export function registerKubeconfig(program: Command, ctx: CommandContext): void {
  program
    .command('kubeconfig')
    .description("print the path of the cluster's admin kubeconfig")
    .requiredOption('--dir <dir>', 'asset and state directory of the cluster')
    .action(async (opts: { dir: string }) =>
      ctx.run(async (out) => {
        checkClusterDir(opts.dir);
        const path = resolve(clusterFiles(opts.dir).kubeconfig);
        if (!existsSync(path)) throw new NotFoundError(`${path} does not exist: the cluster in ${opts.dir} is not installed (run strata install)`);
        out.result(path, { kubeconfig: path });
        return 0;
      }),
    );
}

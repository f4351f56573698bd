import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { Cluster } from '@strata/cluster-config';
import { InputError, NotFoundError } from '@strata/errors';
import { loadClusterDir } from '@strata/install-engine';
import type { CommandContext } from '../cli/context';
import { checkClusterDir } from '../cli/cluster-dir';

/** `strata gather`: one archive of what support needs, from a failed install as from a running cluster. */
export function registerGather(program: Command, ctx: CommandContext): void {
  program
    .command('gather')
    .description(
      'write one diagnostics archive (.tar.gz): document, journal, logs, machines, nodes, pods, events, etcd; no key, kubeconfig, token or secret value',
    )
    .requiredOption('--dir <dir>', 'asset and state directory of the cluster')
    .option('--out <file>', 'archive to write (default ./strata-gather-<cluster>-<time>.tar.gz)')
    .action(async (opts: { dir: string; out?: string }) =>
      ctx.run(async (out) => {
        checkClusterDir(opts.dir);
        if (!existsSync(opts.dir)) throw new NotFoundError(`${opts.dir} does not exist; pass the --dir used with strata install`);
        let cluster: Cluster | undefined;
        try {
          cluster = (await loadClusterDir(opts.dir)).cluster;
        } catch (error) {
          // A directory whose document never made it (or is broken) is gathered all the same.
          out.log('warn', `gathering without the cluster document: ${(error as Error).message}`);
        }
        const stamp = new Date().toISOString().replace(/[:.]/g, '-');
        const target = resolve(opts.out ?? `strata-gather-${cluster?.metadata.name ?? 'cluster'}-${stamp}.tar.gz`);
        if (existsSync(target)) throw new InputError(`${target} already exists`, [{ path: 'out', message: 'name a file that does not exist yet' }]);
        // Loaded here: the archive writer is only needed by this command.
        const { gather } = await import('@strata/install-engine/gather');
        const manifest = await gather({ dir: opts.dir, cluster, out: target, progress: (m) => out.log('info', m) });
        const redactions = manifest.redacted.reduce((n, r) => n + Object.values(r.hits).reduce((a, b) => a + b, 0), 0);
        out.result(
          [
            `wrote ${target}: ${manifest.collected.length} files collected, ${manifest.skipped.length} skipped, ${redactions} secrets redacted in ${manifest.redacted.length} files`,
            ...manifest.skipped.map((s) => `  skipped ${s.what}: ${s.reason}`),
          ].join('\n'),
          { archive: target, ...manifest },
        );
        return 0;
      }),
    );
}

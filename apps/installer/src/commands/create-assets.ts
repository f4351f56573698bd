import type { Command } from 'commander';
import { writeAssetDirectory } from '@strata/bootstrap';
import type { CommandContext } from '../cli/context';
import { readClusterFile } from '../cli/read-cluster';
import { checkClusterDir, checkDirOwner } from '../cli/cluster-dir';

export function registerCreateAssets(program: Command, ctx: CommandContext): void {
  const create = program.command('create').description('create things without provisioning');
  create
    .command('assets')
    .description('render PKI, kubeconfigs, static manifests and Ignition configs into DIR')
    .requiredOption('-f, --file <file>', 'Cluster document (YAML or JSON)')
    .requiredOption('--dir <dir>', 'asset directory of the cluster')
    .action(async (opts: { file: string; dir: string }) =>
      ctx.run(async (out) => {
        const cluster = await readClusterFile(opts.file);
        checkClusterDir(opts.dir);
        await checkDirOwner(opts.dir, cluster.metadata.name);
        out.log('info', `rendering assets of cluster "${cluster.metadata.name}" into ${opts.dir}`);
        const started = Date.now();
        const result = await writeAssetDirectory(opts.dir, cluster);
        const count = (prefix: string) => result.manifest.files.filter((f) => f.path.startsWith(prefix)).length;
        out.result(
          [
            `${result.reused ? 'updated' : 'created'} ${result.manifest.files.length} assets of cluster "${cluster.metadata.name}" in ${opts.dir} (${Date.now() - started} ms)`,
            `  pki/        ${count('pki/')} certificates and keys${result.reused ? ' (existing CAs kept)' : ''}`,
            `  auth/       ${count('auth/')} kubeconfigs`,
            `  manifests/  ${count('manifests/')} static control-plane manifests`,
            `  ignition/   ${count('ignition/')} machine configs`,
            `  assets.json lists every asset with its SHA-256`,
          ].join('\n'),
          { dir: opts.dir, reused: result.reused, manifest: result.manifest },
        );
        return 0;
      }),
    );
}

import { Option, type Command } from 'commander';
import { driverFor, INSTALL_STAGES, planInstall, type InstallStage, enforceLicense } from '@strata/install-engine';
import type { CommandContext } from '../cli/context';
import { readClusterFile } from '../cli/read-cluster';
import { checkClusterDir, checkDirOwner } from '../cli/cluster-dir';
import { readAssetManifest } from '@strata/bootstrap';
import { InputError } from '@strata/errors';
import { runPhases } from '../cli/run-phases';

export function registerInstall(program: Command, ctx: CommandContext): void {
  program
    .command('install')
    .description('render assets if absent, provision the machines, bootstrap the control plane and wait for every node to be Ready')
    .requiredOption('-f, --file <file>', 'Cluster document (YAML or JSON)')
    .requiredOption('--dir <dir>', 'asset and state directory of the cluster')
    .option('--license <file>', 'license file (overrides spec.license.file)')
    .addOption(
      new Option('--until <stage>', 'stop after this stage: the assets, the infrastructure (machines, network, API load balancer) or a ready cluster')
        .choices([...INSTALL_STAGES])
        .default('ready'),
    )
    .action(async (opts: { file: string; dir: string; license?: string; until: InstallStage }) =>
      ctx.run(async (out) => {
        const cluster = await readClusterFile(opts.file);
        // Everything that can refuse the install is checked before the first file is written,
        // so a refused install leaves the directory as it was.
        checkClusterDir(opts.dir);
        await checkDirOwner(opts.dir, cluster.metadata.name);
        await enforceLicense(cluster, opts.file, opts.license);
        const driver = await driverFor(cluster);
        const problems = (await driver.preflight?.(cluster, (await readAssetManifest(opts.dir))?.clusterId ?? '')) ?? [];
        if (problems.length > 0) throw new InputError(`the ${driver.platform} platform cannot host this cluster`, problems);
        const started = Date.now();
        const { phases, outcome, release } = await planInstall(
          cluster,
          opts.dir,
          (e) => {
            if (e.status === 'failed') out.log('warn', e.message);
            else out.log('debug', `[${e.phase}] ${e.message}`);
          },
          { until: opts.until },
        );
        try {
          await runPhases(phases, out);
        } catch (error) {
          // Running the same command again resumes; what support needs is one command away.
          out.log('error', `the install stopped; run it again to resume, or collect diagnostics with: strata gather --dir ${opts.dir}`);
          throw error;
        } finally {
          release();
        }
        const seconds = ((Date.now() - started) / 1000).toFixed(1);
        if (opts.until !== 'ready') {
          const what =
            opts.until === 'assets'
              ? `The assets of cluster "${outcome.cluster}" are rendered`
              : `The infrastructure of cluster "${outcome.cluster}" is provisioned`;
          out.result(`${what} in ${seconds} s (${opts.dir}).\nRun the same command without --until to finish the install.`, {
            ...outcome,
            seconds: Number(seconds),
          });
          return 0;
        }
        const text = outcome.alreadyInstalled
          ? `Cluster "${outcome.cluster}" is already installed and healthy (${outcome.nodes.length} nodes Ready); nothing changed.\n` +
            `  API:        ${outcome.apiUrl}\n  kubeconfig: ${outcome.kubeconfig}`
          : [
              `Cluster "${outcome.cluster}" is ready in ${seconds} s: ${outcome.nodes.length} nodes Ready.`,
              `  API:        ${outcome.apiUrl}`,
              `  kubeconfig: ${outcome.kubeconfig}`,
              '',
              'Use it with kubectl:',
              `  export KUBECONFIG=${outcome.kubeconfig}`,
              '  kubectl get nodes',
              `(the matching kubectl is built by the set-up step: npm run kubectl -- get nodes)`,
            ].join('\n');
        out.result(text, { ...outcome, seconds: Number(seconds) });
        return 0;
      }),
    );
}

import type { Command } from 'commander';
import { clusterToYaml, machinesOf, nodeCount, platformOf } from '@strata/cluster-config';
import type { CommandContext } from '../cli/context';
import { readClusterFile } from '../cli/read-cluster';
import { licenseReport } from '@strata/install-engine';

export function registerValidate(program: Command, ctx: CommandContext): void {
  program
    .command('validate')
    .description('check a Cluster document and report every problem with its path')
    .requiredOption('-f, --file <file>', 'Cluster document (YAML or JSON)')
    .option('--show-defaults', 'print the document with every default filled in')
    .option('--license <file>', 'license file to check the cluster against (overrides spec.license.file)')
    .action(async (opts: { file: string; showDefaults?: boolean; license?: string }) =>
      ctx.run(async (out) => {
        const cluster = await readClusterFile(opts.file);
        const license = await licenseReport(cluster, opts.file, opts.license);
        const machines = machinesOf(cluster);
        const controlPlane = machines.filter((m) => m.role === 'control-plane').length;
        const summary =
          `${opts.file}: valid Cluster "${cluster.metadata.name}" on ${platformOf(cluster).name}, ` +
          `Kubernetes ${cluster.spec.kubernetesVersion}, ${controlPlane} control-plane + ${machines.length - controlPlane} worker machines (${nodeCount(cluster)} nodes)` +
          `\nlicense: ${license.status} — ${license.message}`;
        out.result(opts.showDefaults ? `${summary}\n---\n${clusterToYaml(cluster)}` : summary, {
          valid: true,
          cluster,
          nodes: nodeCount(cluster),
          license,
        });
        return license.allowed ? 0 : 5;
      }),
    );
}

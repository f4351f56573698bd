import type { Command } from 'commander';
import { stringify } from 'yaml';
import { readAssetManifest } from '@strata/bootstrap';
import { platformOf } from '@strata/cluster-config';
import type { InfraPlan } from '@strata/driver-api';
import { InputError } from '@strata/errors';
import type { CommandContext } from '../cli/context';
import { checkClusterDir } from '../cli/cluster-dir';
import { readClusterFile } from '../cli/read-cluster';
import { driverContext, driverFor } from '@strata/install-engine';

/** The id a plan is shown with before install has given the cluster its own. */
const UNASSIGNED_ID = '00000000-0000-4000-8000-000000000000';

/** One step as text: id, kind and name, what it waits for, and its spec as YAML. */
function describeStep(step: InfraPlan['steps'][number]): string {
  const spec = Object.keys(step.spec).length > 0 ? stringify(step.spec, { lineWidth: 0 }).trimEnd().replace(/^/gm, '    ') : '';
  return [
    `${step.id} (${step.kind}) ${step.name}`,
    ...(step.dependsOn.length > 0 ? [`    after: ${step.dependsOn.join(', ')}`] : []),
    ...(spec ? [spec] : []),
  ].join('\n');
}

export function registerPlan(program: Command, ctx: CommandContext): void {
  program
    .command('plan')
    .description('show what install would create on the platform: every resource with its settings (CIDRs, rules, policies), nothing created')
    .requiredOption('-f, --file <file>', 'Cluster document (YAML or JSON)')
    .option('--dir <dir>', "the cluster's asset directory, to show the names it has (they carry its cluster id)")
    .action(async (opts: { file: string; dir?: string }) =>
      ctx.run(async (out) => {
        const cluster = await readClusterFile(opts.file);
        let clusterId = UNASSIGNED_ID;
        if (opts.dir) {
          const manifest = await readAssetManifest(checkClusterDir(opts.dir));
          if (manifest && manifest.cluster !== cluster.metadata.name) {
            throw new InputError(`${opts.dir} belongs to cluster "${manifest.cluster}", not "${cluster.metadata.name}"`, [
              { path: '--dir', message: `holds the assets of cluster "${manifest.cluster}"; name that cluster's directory or none` },
            ]);
          }
          if (manifest) clusterId = manifest.clusterId;
        }
        const driver = await driverFor(cluster);
        // Planning is pure: it reads the document and the id, never the provider or the journal.
        const plan = driver.plan(driverContext(cluster, clusterId, opts.dir ?? '.', () => undefined));
        const note =
          clusterId === UNASSIGNED_ID
            ? '\n(names end in a hash of the cluster id, which install assigns; pass --dir of an installed cluster to see its own)'
            : '';
        out.result(
          `plan of cluster ${cluster.metadata.name} on ${platformOf(cluster).name}: ${plan.steps.length} steps, nothing created${note}\n\n${plan.steps.map(describeStep).join('\n\n')}`,
          { clusterId: clusterId === UNASSIGNED_ID ? undefined : clusterId, plan },
        );
        return 0;
      }),
    );
}

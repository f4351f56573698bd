import type { Command } from 'commander';
import { clusterHealth } from '../cluster/health';
import { driverContext } from '../cluster/context';
import { driverFor } from '../cluster/drivers';
import { loadClusterDir } from '../cluster/load';
import type { CommandContext } from '../cli/context';

export function registerStatus(program: Command, ctx: CommandContext): void {
  program
    .command('status')
    .description('machines, nodes and control-plane health of an installed cluster')
    .requiredOption('--dir <dir>', 'asset and state directory of the cluster')
    .action(async (opts: { dir: string }) =>
      ctx.run(async (out) => {
        const { cluster, manifest } = await loadClusterDir(opts.dir);
        const driver = driverFor(cluster);
        const machines = await driver.listMachines(driverContext(cluster, manifest.clusterId, opts.dir, () => undefined));
        const health = await clusterHealth(cluster, opts.dir, machines);
        const lines = [
          `cluster ${cluster.metadata.name} (${driver.platform}, Kubernetes ${cluster.spec.kubernetesVersion}): ${health.healthy ? 'healthy' : 'NOT healthy'}`,
          `API ${health.apiUrl}: ${health.apiReady ? 'ready' : `not ready${health.failingChecks.length ? ` (failing: ${health.failingChecks.join(', ')})` : ''}`}`,
          '',
          'MACHINE'.padEnd(28) + 'ROLE'.padEnd(15) + 'STATE'.padEnd(10) + 'ADDRESS',
          ...machines.map((m) => m.name.padEnd(28) + m.role.padEnd(15) + m.state.padEnd(10) + (m.addresses.find((a) => a.type === 'InternalIP')?.address ?? '')),
          '',
          'NODE'.padEnd(28) + 'READY'.padEnd(9) + 'ROLES'.padEnd(16) + 'OS IMAGE',
          ...health.nodes.map((n) => n.name.padEnd(28) + n.ready.padEnd(9) + (n.roles.join(',') || '-').padEnd(16) + (n.osImage ?? '')),
        ];
        out.result(lines.join('\n'), { cluster: cluster.metadata.name, platform: driver.platform, machines, ...health });
        return health.healthy ? 0 : 1;
      }),
    );
}

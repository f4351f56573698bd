import type { Command } from 'commander';
import { clusterHealth, driverContext, driverFor, loadClusterDir } from '@strata/install-engine';
import type { CommandContext } from '../cli/context';
import { checkClusterDir, checkDirOwner } from '../cli/cluster-dir';

export function registerStatus(program: Command, ctx: CommandContext): void {
  program
    .command('status')
    .description('machines, nodes, add-ons and control-plane health of an installed cluster')
    .requiredOption('--dir <dir>', 'asset and state directory of the cluster')
    .action(async (opts: { dir: string }) =>
      ctx.run(async (out) => {
        checkClusterDir(opts.dir);
        const { cluster, manifest } = await loadClusterDir(opts.dir);
        await checkDirOwner(opts.dir, cluster.metadata.name);
        const driver = await driverFor(cluster);
        const machines = await driver.listMachines(driverContext(cluster, manifest.clusterId, opts.dir, () => undefined));
        const health = await clusterHealth(cluster, opts.dir, machines);
        // Machines that run but not as they should (e.g. a node agent being restarted by its machine).
        const degraded = machines.filter((m) => m.state !== 'running' && m.state !== 'stopped' && m.state !== 'missing').map((m) => m.name);
        const notReadyAddons = health.addons.filter((a) => a.state !== 'ready');
        const verdict = health.healthy
          ? 'healthy'
          : degraded.length > 0
            ? `degraded (${degraded.join(', ')})`
            : health.apiReady && notReadyAddons.length > 0
              ? `degraded (${notReadyAddons.map((a) => `${a.name} ${a.state}`).join(', ')})`
              : 'NOT healthy';
        const lines = [
          `cluster ${cluster.metadata.name} (${driver.platform}, Kubernetes ${cluster.spec.kubernetesVersion}): ${verdict}`,
          `API ${health.apiUrl}: ${health.apiReady ? 'ready' : `not ready${health.failingChecks.length ? ` (failing: ${health.failingChecks.join(', ')})` : ''}`}`,
          '',
          'MACHINE'.padEnd(28) + 'ROLE'.padEnd(15) + 'STATE'.padEnd(10) + 'ADDRESS'.padEnd(17) + 'PROVIDER ID'.padEnd(42) + 'DETAIL',
          ...machines.map(
            (m) =>
              m.name.padEnd(28) +
              m.role.padEnd(15) +
              m.state.padEnd(10) +
              (m.addresses.find((a) => a.type === 'InternalIP')?.address ?? '').padEnd(17) +
              m.providerID.padEnd(42) +
              (m.detail ?? ''),
          ),
          '',
          'NODE'.padEnd(28) + 'READY'.padEnd(9) + 'ROLES'.padEnd(16) + 'OS IMAGE',
          ...health.nodes.map((n) => n.name.padEnd(28) + n.ready.padEnd(9) + (n.roles.join(',') || '-').padEnd(16) + (n.osImage ?? '')),
          ...(health.addons.length > 0
            ? [
                '',
                'ADD-ON'.padEnd(14) + 'VERSION'.padEnd(12) + 'READY'.padEnd(9) + 'STATE'.padEnd(13) + 'REASON',
                ...health.addons.map(
                  (a) => a.name.padEnd(14) + a.version.padEnd(12) + `${a.ready}/${a.desired}`.padEnd(9) + a.state.padEnd(13) + (a.reason ?? ''),
                ),
              ]
            : []),
          ...(health.healthy ? [] : ['', ...health.reasons.map((r) => `not healthy: ${r}`)]),
        ];
        out.result(lines.join('\n'), { cluster: cluster.metadata.name, platform: driver.platform, machines, degraded, ...health });
        return health.healthy ? 0 : 1;
      }),
    );
}

import { parseCluster } from '@strata/cluster-config';
import { renderClusterAssets } from '@strata/bootstrap';
import { timed, type BenchRow } from './bench-row';

/** Time to render every asset of a cluster with 3 control-plane machines and 100 workers. */
export async function runAssetsBench(): Promise<BenchRow[]> {
  const cluster = parseCluster(
    JSON.stringify({
      apiVersion: 'strata.dev/v1alpha1',
      kind: 'Cluster',
      metadata: { name: 'bench' },
      spec: {
        platform: { local: { addressRange: '127.60.0.0/24' } },
        controlPlane: { replicas: 3 },
        workers: [{ name: 'default', replicas: 100 }],
      },
    }),
  );
  const machines = 103;
  const cold = await timed(() => renderClusterAssets(cluster));
  const warm = await timed(() => renderClusterAssets(cluster, cold.value.pki));
  return [
    { name: 'render assets, 3 control plane + 100 workers (new PKI)', value: Math.round(cold.ms), unit: 'ms' },
    { name: '  per machine (new PKI)', value: Number((cold.ms / machines).toFixed(1)), unit: 'ms' },
    { name: 'render assets again, PKI kept', value: Math.round(warm.ms), unit: 'ms' },
    { name: '  per machine (PKI kept)', value: Number((warm.ms / machines).toFixed(1)), unit: 'ms' },
    { name: '  files rendered', value: cold.value.files.length, unit: 'files' },
  ];
}

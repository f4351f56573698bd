import { parseCluster, type Cluster } from '@strata/cluster-config';

/** A local cluster document for tests, on a loopback range unlikely to collide with other tests. */
export function localCluster(
  options: { name?: string; controlPlane?: number; workers?: number; range?: string; networking?: Record<string, unknown> } = {},
): Cluster {
  const a = 100 + Math.floor(Math.random() * 100);
  const b = Math.floor(Math.random() * 250);
  return parseCluster(
    JSON.stringify({
      apiVersion: 'strata.dev/v1alpha1',
      kind: 'Cluster',
      metadata: { name: options.name ?? 'test' },
      spec: {
        platform: { local: { addressRange: options.range ?? `127.${a}.${b}.0/24` } },
        controlPlane: { replicas: options.controlPlane ?? 1 },
        workers: [{ name: 'default', replicas: options.workers ?? 2, labels: { tier: 'web' }, taints: [] }],
        sshAuthorizedKeys: ['ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHk2q8XVSC0fYZ6sT+7o1oXo3hh0Qn1qV6uVJZ3k6k0U test@strata'],
        ...(options.networking ? { networking: options.networking } : {}),
      },
    }),
    { format: 'json' },
  );
}

export function awsCluster(): Cluster {
  return parseCluster(
    JSON.stringify({
      apiVersion: 'strata.dev/v1alpha1',
      kind: 'Cluster',
      metadata: { name: 'prod' },
      spec: {
        baseDomain: 'example.com',
        platform: { aws: { region: 'us-east-1' } },
        controlPlane: { replicas: 3 },
        workers: [{ name: 'default', replicas: 2 }],
      },
    }),
    { format: 'json' },
  );
}

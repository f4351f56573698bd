import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseCluster } from '@strata/cluster-config';
import { clusterTags, Journal, type DriverContext } from '@strata/driver-api';

/** What an AWS driver context is made of, as plain data another process can rebuild it from. */
export interface AwsContextRef {
  /** The Cluster document, as JSON. */
  cluster: string;
  clusterId: string;
  assetsDir: string;
  journal: string;
}

/** The context the installer gives the AWS driver for a cluster whose assets are rendered in `ref.assetsDir`. */
export function awsContext(ref: AwsContextRef): DriverContext {
  const cluster = parseCluster(ref.cluster, { format: 'json' });
  return {
    cluster,
    clusterId: ref.clusterId,
    assetsDir: ref.assetsDir,
    ignitionFor: (m) => readFile(join(ref.assetsDir, 'ignition', `${m}.ign`), 'utf8'),
    tags: clusterTags(cluster.metadata.name, ref.clusterId),
    journal: Journal.open(ref.journal),
    emit: () => undefined,
  };
}

export function awsContextRef(ctx: DriverContext): string {
  const ref: AwsContextRef = { cluster: JSON.stringify(ctx.cluster), clusterId: ctx.clusterId, assetsDir: ctx.assetsDir, journal: ctx.journal.path };
  return JSON.stringify(ref);
}

/** Static credentials moto accepts; the SDK's default chain reads them from the environment. */
export function useMotoCredentials(): void {
  process.env['AWS_ACCESS_KEY_ID'] = 'testing';
  process.env['AWS_SECRET_ACCESS_KEY'] = 'testing';
  delete process.env['AWS_PROFILE'];
  delete process.env['AWS_SESSION_TOKEN'];
}

/** The endpoints section pointing every service at `endpoint`. */
export function endpointsAt(endpoint: string): Record<string, string> {
  return { ec2: endpoint, elb: endpoint, iam: endpoint, route53: endpoint, s3: endpoint, sts: endpoint, serviceQuotas: endpoint };
}

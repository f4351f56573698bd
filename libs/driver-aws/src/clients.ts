import { EC2Client } from '@aws-sdk/client-ec2';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { IAMClient } from '@aws-sdk/client-iam';
import { ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { Route53Client } from '@aws-sdk/client-route-53';
import { S3Client } from '@aws-sdk/client-s3';
import { ServiceQuotasClient } from '@aws-sdk/client-service-quotas';
import { STSClient } from '@aws-sdk/client-sts';
import { platformOf, type Cluster } from '@strata/cluster-config';
import { ProviderError } from '@strata/errors';

/** The SDK clients of one cluster's region and endpoints. */
export interface AwsClients {
  region: string;
  ec2: EC2Client;
  elb: ElasticLoadBalancingV2Client;
  iam: IAMClient;
  route53: Route53Client;
  s3: S3Client;
  sts: STSClient;
  quotas: ServiceQuotasClient;
  tagging: ResourceGroupsTaggingAPIClient;
}

const cache = new WeakMap<Cluster, AwsClients>();

/**
 * Clients for the cluster's region, with the document's endpoint overrides and the SDK's
 * default credentials chain (environment, shared config and credentials files, SSO, web
 * identity, container and instance metadata). `maxAttempts: 1` turns the SDK's own
 * retries off: the installer's `withRetries` is the one retry policy, so a throttled call
 * is retried once by one schedule, not by two stacked ones.
 */
export function awsClients(cluster: Cluster): AwsClients {
  const known = cache.get(cluster);
  if (known) return known;
  const platform = platformOf(cluster);
  if (platform.name !== 'aws') throw new ProviderError(`the AWS driver was given a ${platform.name} cluster`);
  const { region, endpoints } = platform.config;
  const base = { region, maxAttempts: 1 };
  const clients: AwsClients = {
    region,
    ec2: new EC2Client({ ...base, endpoint: endpoints.ec2 }),
    elb: new ElasticLoadBalancingV2Client({ ...base, endpoint: endpoints.elb }),
    iam: new IAMClient({ ...base, endpoint: endpoints.iam }),
    route53: new Route53Client({ ...base, endpoint: endpoints.route53 }),
    // Path-style addressing: bucket names as paths work against every endpoint (VPC endpoints, emulators).
    s3: new S3Client({ ...base, endpoint: endpoints.s3, forcePathStyle: endpoints.s3 !== undefined }),
    sts: new STSClient({ ...base, endpoint: endpoints.sts }),
    // Unset while EC2 is overridden (an emulator, a private endpoint set-up): next to EC2, like the tagging API.
    quotas: new ServiceQuotasClient({ ...base, endpoint: endpoints.serviceQuotas ?? endpoints.ec2 }),
    // The tagging API has no endpoint field of its own; it lives next to EC2 wherever that is overridden.
    tagging: new ResourceGroupsTaggingAPIClient({ ...base, endpoint: endpoints.ec2 }),
  };
  cache.set(cluster, clients);
  return clients;
}

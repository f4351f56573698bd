import { EC2Client } from '@aws-sdk/client-ec2';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { IAMClient } from '@aws-sdk/client-iam';
import { ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { Route53Client } from '@aws-sdk/client-route-53';
import { S3Client } from '@aws-sdk/client-s3';
import { ServiceQuotasClient } from '@aws-sdk/client-service-quotas';
import { STSClient } from '@aws-sdk/client-sts';
import { platformOf, type AwsPlatform, type Cluster } from '@strata/cluster-config';
import { credentialKey, credentialValues, type Credential, type CredentialKind } from '@strata/driver-api';
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

/** The credentials the AWS driver takes in place of the default chain: an IAM access key, with a session token when it is temporary. */
export const AWS_CREDENTIAL_KINDS: readonly CredentialKind[] = [
  {
    kind: 'access-key',
    title: 'AWS access key',
    fields: [
      { name: 'accessKeyId', title: 'Access key ID', secret: false },
      { name: 'secretAccessKey', title: 'Secret access key', secret: true },
      { name: 'sessionToken', title: 'Session token (temporary credentials)', secret: true, optional: true },
    ],
  },
];

/** The SDK's static credentials of an `access-key` credential. @throws InputError naming a missing field. */
export function sdkCredentials(credential: Credential): { accessKeyId: string; secretAccessKey: string; sessionToken?: string } {
  const values = credentialValues(AWS_CREDENTIAL_KINDS, credential);
  const sessionToken = values['sessionToken']?.trim();
  return {
    accessKeyId: (values['accessKeyId'] ?? '').trim(),
    secretAccessKey: values['secretAccessKey'] ?? '',
    ...(sessionToken ? { sessionToken } : {}),
  };
}

/**
 * Clients for `region` at `endpoints`, with `credential` when given and the SDK's default
 * credentials chain otherwise (environment, shared config and credentials files, SSO, web
 * identity, container and instance metadata). `maxAttempts: 1` turns the SDK's own retries
 * off: the installer's `withRetries` is the one retry policy, so a throttled call is retried
 * once by one schedule, not by two stacked ones.
 */
export function awsClientsFor(region: string, endpoints: AwsPlatform['endpoints'], credential?: Credential): AwsClients {
  const base = { region, maxAttempts: 1, ...(credential ? { credentials: sdkCredentials(credential) } : {}) };
  return {
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
}

/** Per cluster document, the clients of each credential it was used with, by {@link credentialKey}. */
const cache = new WeakMap<Cluster, Map<string, AwsClients>>();

/**
 * The clients of the cluster's region and endpoint overrides, calling with `credential`
 * (the driver context's) or the default chain. Kept per cluster and credential: two
 * installs of one document with different credentials never share a client.
 */
export function awsClients(cluster: Cluster, credential?: Credential): AwsClients {
  const key = credentialKey(credential);
  const known = cache.get(cluster)?.get(key);
  if (known) return known;
  const platform = platformOf(cluster);
  if (platform.name !== 'aws') throw new ProviderError(`the AWS driver was given a ${platform.name} cluster`);
  const clients = awsClientsFor(platform.config.region, platform.config.endpoints, credential);
  const perCredential = cache.get(cluster) ?? new Map<string, AwsClients>();
  perCredential.set(key, clients);
  cache.set(cluster, perCredential);
  return clients;
}

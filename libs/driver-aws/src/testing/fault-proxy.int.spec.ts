import { CreateVpcCommand, DescribeVpcsCommand, EC2Client, RunInstancesCommand } from '@aws-sdk/client-ec2';
import { DescribeLoadBalancersCommand, ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { IAMClient, ListRolesCommand } from '@aws-sdk/client-iam';
import { GetResourcesCommand, ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { ListHostedZonesCommand, Route53Client } from '@aws-sdk/client-route-53';
import { CreateBucketCommand, GetObjectCommand, ListBucketsCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { providerError } from '../errors';
import { startFaultProxy, type FaultProxy } from './fault-proxy';
import { startMoto, type MotoServer } from './moto';
import { useMotoCredentials } from './aws-context';

const REGION = 'eu-central-1';
let moto: MotoServer;
let proxy: FaultProxy;

function client<T>(Client: new (c: object) => T, endpoint: string): T {
  return new Client({
    region: REGION,
    endpoint,
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
    forcePathStyle: true,
    maxAttempts: 1,
  });
}

/** The SDK error `fn` rejects with. */
async function failure(fn: () => Promise<unknown>): Promise<{ name: string; message: string; $metadata: { httpStatusCode?: number } }> {
  try {
    await fn();
  } catch (error) {
    return error as { name: string; message: string; $metadata: { httpStatusCode?: number } };
  }
  throw new Error('the call succeeded');
}

beforeAll(async () => {
  useMotoCredentials();
  moto = await startMoto();
  proxy = await startFaultProxy(moto.endpoint);
}, 60_000);

afterAll(async () => {
  await proxy?.stop();
  await moto?.stop();
});

beforeEach(() => {
  proxy.clear();
  proxy.resetCounts();
});

describe('the fault proxy', () => {
  it('passes calls through unchanged and counts them per service and action', async () => {
    const viaProxy = client(EC2Client, proxy.endpoint);
    const created = await viaProxy.send(new CreateVpcCommand({ CidrBlock: '10.1.0.0/16' }));
    const direct = await client(EC2Client, moto.endpoint).send(new DescribeVpcsCommand({ VpcIds: [created.Vpc?.VpcId ?? ''] }));
    expect(direct.Vpcs?.map((v) => v.CidrBlock)).toEqual(['10.1.0.0/16']);
    const proxied = await viaProxy.send(new DescribeVpcsCommand({ VpcIds: [created.Vpc?.VpcId ?? ''] }));
    expect(proxied.Vpcs).toEqual(direct.Vpcs);

    const s3 = client(S3Client, proxy.endpoint);
    await s3.send(new CreateBucketCommand({ Bucket: 'proxied', CreateBucketConfiguration: { LocationConstraint: REGION } }));
    const body = JSON.stringify({ ignition: { version: '3.3.0' }, padding: 'x'.repeat(40_000) });
    await s3.send(new PutObjectCommand({ Bucket: 'proxied', Key: 'ignition/a.ign', Body: body }));
    const back = await client(S3Client, moto.endpoint).send(new GetObjectCommand({ Bucket: 'proxied', Key: 'ignition/a.ign' }));
    expect(await back.Body?.transformToString()).toBe(body);
    const again = await s3.send(new GetObjectCommand({ Bucket: 'proxied', Key: 'ignition/a.ign' }));
    expect(await again.Body?.transformToString()).toBe(body);

    await client(Route53Client, proxy.endpoint).send(new ListHostedZonesCommand({}));
    await client(ResourceGroupsTaggingAPIClient, proxy.endpoint).send(new GetResourcesCommand({}));
    await client(IAMClient, proxy.endpoint).send(new ListRolesCommand({}));
    await client(STSClient, proxy.endpoint).send(new GetCallerIdentityCommand({}));
    await client(ElasticLoadBalancingV2Client, proxy.endpoint).send(new DescribeLoadBalancersCommand({}));

    expect(proxy.counts()).toEqual({
      'ec2:CreateVpc': 1,
      'ec2:DescribeVpcs': 1,
      'elb:DescribeLoadBalancers': 1,
      'iam:ListRoles': 1,
      'route53:ListHostedZones': 1,
      's3:CreateBucket': 1,
      's3:GetObject': 1,
      's3:PutObject': 1,
      'sts:GetCallerIdentity': 1,
      'tagging:GetResources': 1,
    });
    expect(proxy.total()).toBe(10);
    expect(proxy.injected()).toBe(0);
  });

  it.each([
    {
      service: 'ec2',
      code: 'RequestLimitExceeded',
      status: 503,
      message: 'Request limit exceeded.',
      call: () => client(EC2Client, proxy.endpoint).send(new DescribeVpcsCommand({})),
    },
    {
      service: 'elb',
      code: 'Throttling',
      status: 400,
      message: 'Rate exceeded',
      call: () => client(ElasticLoadBalancingV2Client, proxy.endpoint).send(new DescribeLoadBalancersCommand({})),
    },
    { service: 'iam', code: 'Throttling', status: 400, message: 'Rate exceeded', call: () => client(IAMClient, proxy.endpoint).send(new ListRolesCommand({})) },
    {
      service: 'sts',
      code: 'Throttling',
      status: 400,
      message: 'Rate exceeded',
      call: () => client(STSClient, proxy.endpoint).send(new GetCallerIdentityCommand({})),
    },
    {
      service: 'route53',
      code: 'Throttling',
      status: 400,
      message: 'Rate exceeded',
      call: () => client(Route53Client, proxy.endpoint).send(new ListHostedZonesCommand({})),
    },
    {
      service: 's3',
      code: 'SlowDown',
      status: 503,
      message: 'Please reduce your request rate.',
      call: () => client(S3Client, proxy.endpoint).send(new ListBucketsCommand({})),
    },
    {
      service: 'tagging',
      code: 'ThrottlingException',
      status: 400,
      message: 'Rate exceeded',
      call: () => client(ResourceGroupsTaggingAPIClient, proxy.endpoint).send(new GetResourcesCommand({})),
    },
  ] as const)(
    'answers $service calls with its own throttling error $code ($status), which the driver retries',
    async ({ service, code, status, message, call }) => {
      proxy.fail({ service, times: 1 });
      const error = await failure(call);
      expect(error.name).toBe(code);
      expect(error.message).toBe(message);
      expect(error.$metadata.httpStatusCode).toBe(status);
      const mapped = providerError('listing', error);
      expect(mapped.retryable).toBe(true);
      expect(mapped.message).toBe(`listing: ${code}: ${message}`);
      // `times: 1`: the next call goes through.
      await call();
      expect(proxy.injected()).toBe(1);
      expect(proxy.total()).toBe(2);
    },
  );

  it('answers RunInstances with UnauthorizedOperation (403), which the driver does not retry', async () => {
    proxy.fail({ service: 'ec2', action: 'RunInstances', code: 'UnauthorizedOperation' });
    const ec2 = client(EC2Client, proxy.endpoint);
    const error = await failure(() => ec2.send(new RunInstancesCommand({ ImageId: 'ami-0f1a7c0e5b2d3c4a1', MinCount: 1, MaxCount: 1 })));
    expect(error.name).toBe('UnauthorizedOperation');
    expect(error.message).toBe('You are not authorized to perform this operation.');
    expect(error.$metadata.httpStatusCode).toBe(403);
    expect(providerError('creating instance a', error).retryable).toBe(false);
    // Other actions of the service are untouched.
    await ec2.send(new DescribeVpcsCommand({}));
    expect(proxy.injectedCounts()).toEqual({ 'ec2:RunInstances:UnauthorizedOperation': 1 });
  });

  it('fails a share of the matching calls, the same ones for the same seed', async () => {
    const ec2 = client(EC2Client, proxy.endpoint);
    const outcomes = async () => {
      const seen: boolean[] = [];
      for (let i = 0; i < 60; i++)
        seen.push(
          await ec2.send(new DescribeVpcsCommand({})).then(
            () => true,
            () => false,
          ),
        );
      return seen;
    };
    proxy.fail({ action: /^Describe/, share: 0.3, seed: 7 });
    const first = await outcomes();
    proxy.clear();
    proxy.fail({ action: /^Describe/, share: 0.3, seed: 7 });
    expect(await outcomes()).toEqual(first);
    const failed = first.filter((ok) => !ok).length;
    expect(failed).toBeGreaterThan(8);
    expect(failed).toBeLessThan(30);
    expect(proxy.injected()).toBe(2 * failed);
    expect(proxy.counts()).toEqual({ 'ec2:DescribeVpcs': 120 });
  });

  it('can let a call reach the service and lose its answer', async () => {
    proxy.fail({ service: 'ec2', action: 'CreateVpc', code: 'InternalError', afterTarget: true, times: 1 });
    const ec2 = client(EC2Client, proxy.endpoint);
    const error = await failure(() => ec2.send(new CreateVpcCommand({ CidrBlock: '10.77.0.0/16' })));
    expect(error.name).toBe('InternalError');
    expect(error.$metadata.httpStatusCode).toBe(500);
    const vpcs = await client(EC2Client, moto.endpoint).send(new DescribeVpcsCommand({ Filters: [{ Name: 'cidr', Values: ['10.77.0.0/16'] }] }));
    expect(vpcs.Vpcs).toHaveLength(1);
  });
});

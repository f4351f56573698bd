import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DeleteNatGatewayCommand,
  DescribeAddressesCommand,
  DescribeInstancesCommand,
  DescribeInternetGatewaysCommand,
  DescribeNatGatewaysCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  EC2Client,
  TerminateInstancesCommand,
  type Tag,
} from '@aws-sdk/client-ec2';
import { DescribeLoadBalancersCommand, DescribeTagsCommand, ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { IAMClient, ListRolesCommand, ListRoleTagsCommand } from '@aws-sdk/client-iam';
import { ListHostedZonesCommand, ListResourceRecordSetsCommand, ListTagsForResourceCommand, Route53Client } from '@aws-sdk/client-route-53';
import { GetBucketTaggingCommand, ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll } from 'vitest';
import { parseCluster, type Cluster } from '@strata/cluster-config';
import { writeAssetDirectory } from '@strata/bootstrap';
import { CLUSTER_ID_TAG, STEP_TAG, type DriverContext, type PlanStep } from '@strata/driver-api';
import { describeDriverConformance, withInjectedFaults, type ProviderResource } from '@strata/driver-api/conformance';
import { awsDriver } from './aws-driver';
import { awsContext, awsContextRef, endpointsAt, startMoto, useMotoCredentials, type MotoServer } from './testing';

const REGION = 'eu-central-1';
const work = mkdtempSync(join(tmpdir(), 'strata-aws-conformance-'));
let moto: MotoServer;
let counter = 0;
let lostJournals = 0;

/** A small cluster on moto; every context gets its own name, so their API records do not meet in the shared public zone. */
function cluster(zones: string[] = ['eu-central-1a', 'eu-central-1b']): Cluster {
  counter += 1;
  return parseCluster(
    JSON.stringify({
      apiVersion: 'strata.dev/v1alpha1',
      kind: 'Cluster',
      metadata: { name: `conform-${counter}` },
      spec: {
        baseDomain: 'example.com',
        platform: { aws: { region: REGION, zones, endpoints: endpointsAt(moto.endpoint) } },
        controlPlane: { replicas: 1, machineType: 'small' },
        workers: [{ name: 'default', replicas: 1, machineType: 'small' }],
        networking: { machineCIDR: '10.40.0.0/16' },
      },
    }),
    { format: 'json' },
  );
}

async function contextFor(c: Cluster): Promise<DriverContext> {
  const dir = join(work, `assets-${counter}`);
  const { manifest } = await writeAssetDirectory(dir, c);
  return awsContext({ cluster: JSON.stringify(c), clusterId: manifest.clusterId, assetsDir: dir, journal: join(dir, 'state/journal.jsonl') });
}

const stepOf = (tags: Tag[] | undefined) => tags?.find((t) => t.Key === STEP_TAG)?.Value;
const ownedBy = (tags: Tag[] | undefined, id: string) => (tags ?? []).some((t) => t.Key === CLUSTER_ID_TAG && t.Value === id);

/**
 * Every live resource of the cluster, listed straight from moto by the cluster id tag, one
 * per plan step: the EC2 resources, the load balancer (its target group and listener go
 * with it), the IAM roles, the bucket, the private hosted zone of `api-int`, and the owner
 * TXT record of `api` in the public zone.
 */
async function listOwned(ctx: DriverContext): Promise<ProviderResource[]> {
  const id = ctx.clusterId;
  const ec2 = moto.client(EC2Client);
  const f = [{ Name: `tag:${CLUSTER_ID_TAG}`, Values: [id] }];
  const out: ProviderResource[] = [];
  const add = (tags: Tag[] | undefined, resource: string | undefined) => out.push({ step: stepOf(tags), id: resource ?? '?' });
  for (const v of (await ec2.send(new DescribeVpcsCommand({ Filters: f }))).Vpcs ?? []) add(v.Tags, v.VpcId);
  for (const s of (await ec2.send(new DescribeSubnetsCommand({ Filters: f }))).Subnets ?? []) add(s.Tags, s.SubnetId);
  for (const g of (await ec2.send(new DescribeInternetGatewaysCommand({ Filters: f }))).InternetGateways ?? []) add(g.Tags, g.InternetGatewayId);
  for (const r of (await ec2.send(new DescribeRouteTablesCommand({ Filters: f }))).RouteTables ?? []) add(r.Tags, r.RouteTableId);
  for (const a of (await ec2.send(new DescribeAddressesCommand({ Filters: f }))).Addresses ?? []) add(a.Tags, a.AllocationId);
  const nats = await ec2.send(new DescribeNatGatewaysCommand({ Filter: [...f, { Name: 'state', Values: ['pending', 'available'] }] }));
  for (const n of nats.NatGateways ?? []) add(n.Tags, n.NatGatewayId);
  for (const g of (await ec2.send(new DescribeSecurityGroupsCommand({ Filters: f }))).SecurityGroups ?? []) add(g.Tags, g.GroupId);
  const live = await ec2.send(
    new DescribeInstancesCommand({ Filters: [...f, { Name: 'instance-state-name', Values: ['pending', 'running', 'stopping', 'stopped'] }] }),
  );
  for (const i of (live.Reservations ?? []).flatMap((r) => r.Instances ?? [])) add(i.Tags, i.InstanceId);

  const elb = moto.client(ElasticLoadBalancingV2Client);
  const arns = ((await elb.send(new DescribeLoadBalancersCommand({}))).LoadBalancers ?? []).map((l) => l.LoadBalancerArn ?? '');
  if (arns.length > 0) {
    for (const d of (await elb.send(new DescribeTagsCommand({ ResourceArns: arns }))).TagDescriptions ?? [])
      if (ownedBy(d.Tags, id)) add(d.Tags, d.ResourceArn);
  }
  const iam = moto.client(IAMClient);
  for (const role of (await iam.send(new ListRolesCommand({}))).Roles ?? []) {
    const tags = (await iam.send(new ListRoleTagsCommand({ RoleName: role.RoleName }))).Tags;
    if (ownedBy(tags, id)) add(tags, role.Arn);
  }
  const s3 = moto.client(S3Client);
  for (const b of (await s3.send(new ListBucketsCommand({}))).Buckets ?? []) {
    const tags = await s3.send(new GetBucketTaggingCommand({ Bucket: b.Name })).then(
      (r) => r.TagSet,
      () => [],
    );
    if (ownedBy(tags, id)) add(tags, b.Name);
  }
  const r53 = moto.client(Route53Client);
  for (const z of (await r53.send(new ListHostedZonesCommand({}))).HostedZones ?? []) {
    const zone = (z.Id ?? '').replace('/hostedzone/', '');
    if (z.Config?.PrivateZone) {
      const tags = (await r53.send(new ListTagsForResourceCommand({ ResourceType: 'hostedzone', ResourceId: zone }))).ResourceTagSet?.Tags;
      if (ownedBy(tags, id)) add(tags, z.Id);
      continue;
    }
    for (const r of (await r53.send(new ListResourceRecordSetsCommand({ HostedZoneId: zone }))).ResourceRecordSets ?? []) {
      const owner = r.Type === 'TXT' && (r.ResourceRecords ?? []).some((v) => v.Value?.includes(`${CLUSTER_ID_TAG}=${id}`));
      if (owner) out.push({ step: 'dns/api', id: `${zone}/${r.Name}` });
    }
  }
  return out.sort((a, b) => `${a.step}`.localeCompare(`${b.step}`));
}

/** Removes the resource of a machine step straight through the API, as an operator might in the console. */
async function deleteOutOfBand(ctx: DriverContext, step: PlanStep): Promise<void> {
  const ec2 = moto.client(EC2Client);
  const f = [
    { Name: `tag:${CLUSTER_ID_TAG}`, Values: [ctx.clusterId] },
    { Name: `tag:${STEP_TAG}`, Values: [step.id] },
  ];
  if (step.kind === 'machine') {
    const res = await ec2.send(new DescribeInstancesCommand({ Filters: f }));
    const ids = (res.Reservations ?? []).flatMap((r) => r.Instances ?? []).map((i) => i.InstanceId ?? '');
    if (ids.length > 0) await ec2.send(new TerminateInstancesCommand({ InstanceIds: ids }));
    return;
  }
  if (step.kind === 'nat-gateway') {
    for (const n of (await ec2.send(new DescribeNatGatewaysCommand({ Filter: f }))).NatGateways ?? [])
      await ec2.send(new DeleteNatGatewayCommand({ NatGatewayId: n.NatGatewayId }));
    return;
  }
  throw new Error(`this harness deletes machine and NAT gateway steps out of band, not ${step.kind}`);
}

beforeAll(async () => {
  useMotoCredentials();
  moto = await startMoto();
  await moto.hostedZone('example.com');
}, 60_000);

afterAll(async () => {
  await moto?.stop();
  rmSync(work, { recursive: true, force: true });
});

const faults = withInjectedFaults(awsDriver);

describeDriverConformance({
  driver: faults.driver,
  timeoutMs: 180_000,
  newContext: () => contextFor(cluster()),
  async invalidContext() {
    // A zone the region does not have.
    return { ctx: await contextFor(cluster(['eu-central-1a', 'eu-central-1z'])), pathPrefix: 'spec.platform.aws.zones' };
  },
  async withoutJournal(ctx) {
    return awsContext({
      cluster: JSON.stringify(ctx.cluster),
      clusterId: ctx.clusterId,
      assetsDir: ctx.assetsDir,
      journal: join(ctx.assetsDir, `state/lost-${++lostJournals}.jsonl`),
    });
  },
  listOwned,
  injectFault: faults.injectFault,
  deleteOutOfBand,
  childModule: join(import.meta.dirname, 'testing/conformance-child.ts'),
  contextRef: awsContextRef,
  async cleanup() {
    rmSync(work, { recursive: true, force: true });
  },
});

import {
  DescribeAddressesCommand,
  DescribeInstancesCommand,
  DescribeInternetGatewaysCommand,
  DescribeNatGatewaysCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  EC2Client,
  type Tag,
} from '@aws-sdk/client-ec2';
import {
  DescribeLoadBalancersCommand,
  DescribeTagsCommand,
  DescribeTargetGroupsCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { IAMClient, ListRolesCommand, ListRoleTagsCommand } from '@aws-sdk/client-iam';
import { ListHostedZonesCommand, ListResourceRecordSetsCommand, ListTagsForResourceCommand, Route53Client } from '@aws-sdk/client-route-53';
import { GetBucketTaggingCommand, ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { CLUSTER_ID_TAG, STEP_TAG } from '@strata/driver-api';
import type { MotoServer } from '@strata/driver-aws/testing';

/** One live cloud resource of a cluster: what it is, its id, and the plan step its tags name. */
export interface OwnedAwsResource {
  type: string;
  id: string;
  step: string | undefined;
}

const stepOf = (tags: Tag[] | undefined) => tags?.find((t) => t.Key === STEP_TAG)?.Value;
const ownedBy = (tags: Tag[] | undefined, clusterId: string) => (tags ?? []).some((t) => t.Key === CLUSTER_ID_TAG && t.Value === clusterId);

/**
 * Every live resource in moto carrying the cluster id, listed per service straight from its
 * API (not through the driver): EC2 by tag filter, load balancers and target groups by their
 * tags, IAM roles, buckets and private hosted zones by their tags, and the owner TXT record of
 * `api` in a public zone (which Route 53 cannot tag). A resource made twice shows twice.
 */
export async function ownedAwsResources(moto: MotoServer, clusterId: string, region: string): Promise<OwnedAwsResource[]> {
  const out: OwnedAwsResource[] = [];
  const add = (type: string, tags: Tag[] | undefined, id: string | undefined) => out.push({ type, id: id ?? '?', step: stepOf(tags) });
  const ec2 = moto.client(EC2Client, region);
  const f = [{ Name: `tag:${CLUSTER_ID_TAG}`, Values: [clusterId] }];
  for (const v of (await ec2.send(new DescribeVpcsCommand({ Filters: f }))).Vpcs ?? []) add('vpc', v.Tags, v.VpcId);
  for (const s of (await ec2.send(new DescribeSubnetsCommand({ Filters: f }))).Subnets ?? []) add('subnet', s.Tags, s.SubnetId);
  for (const g of (await ec2.send(new DescribeInternetGatewaysCommand({ Filters: f }))).InternetGateways ?? [])
    add('internet-gateway', g.Tags, g.InternetGatewayId);
  for (const r of (await ec2.send(new DescribeRouteTablesCommand({ Filters: f }))).RouteTables ?? []) add('route-table', r.Tags, r.RouteTableId);
  for (const a of (await ec2.send(new DescribeAddressesCommand({ Filters: f }))).Addresses ?? []) add('elastic-ip', a.Tags, a.AllocationId);
  const nats = await ec2.send(new DescribeNatGatewaysCommand({ Filter: [...f, { Name: 'state', Values: ['pending', 'available'] }] }));
  for (const n of nats.NatGateways ?? []) add('nat-gateway', n.Tags, n.NatGatewayId);
  for (const g of (await ec2.send(new DescribeSecurityGroupsCommand({ Filters: f }))).SecurityGroups ?? []) add('security-group', g.Tags, g.GroupId);
  const live = await ec2.send(
    new DescribeInstancesCommand({ Filters: [...f, { Name: 'instance-state-name', Values: ['pending', 'running', 'stopping', 'stopped'] }] }),
  );
  for (const i of (live.Reservations ?? []).flatMap((r) => r.Instances ?? [])) add('instance', i.Tags, i.InstanceId);

  const elb = moto.client(ElasticLoadBalancingV2Client, region);
  const arns = [
    ...((await elb.send(new DescribeLoadBalancersCommand({}))).LoadBalancers ?? []).map((l) => l.LoadBalancerArn ?? ''),
    ...((await elb.send(new DescribeTargetGroupsCommand({}))).TargetGroups ?? []).map((t) => t.TargetGroupArn ?? ''),
  ];
  for (let i = 0; i < arns.length; i += 20) {
    for (const d of (await elb.send(new DescribeTagsCommand({ ResourceArns: arns.slice(i, i + 20) }))).TagDescriptions ?? [])
      if (ownedBy(d.Tags, clusterId)) add((d.ResourceArn ?? '').includes(':targetgroup/') ? 'target-group' : 'load-balancer', d.Tags, d.ResourceArn);
  }
  const iam = moto.client(IAMClient, region);
  for (const role of (await iam.send(new ListRolesCommand({}))).Roles ?? []) {
    const tags = (await iam.send(new ListRoleTagsCommand({ RoleName: role.RoleName }))).Tags;
    if (ownedBy(tags, clusterId)) add('iam-role', tags, role.Arn);
  }
  const s3 = moto.client(S3Client, region);
  for (const b of (await s3.send(new ListBucketsCommand({}))).Buckets ?? []) {
    const tags = await s3.send(new GetBucketTaggingCommand({ Bucket: b.Name })).then(
      (r) => r.TagSet,
      () => [],
    );
    if (ownedBy(tags, clusterId)) add('bucket', tags, b.Name);
  }
  const r53 = moto.client(Route53Client, region);
  for (const z of (await r53.send(new ListHostedZonesCommand({}))).HostedZones ?? []) {
    const zone = (z.Id ?? '').replace('/hostedzone/', '');
    if (z.Config?.PrivateZone) {
      const tags = (await r53.send(new ListTagsForResourceCommand({ ResourceType: 'hostedzone', ResourceId: zone }))).ResourceTagSet?.Tags;
      if (ownedBy(tags, clusterId)) add('private-zone', tags, z.Id);
      continue;
    }
    for (const r of (await r53.send(new ListResourceRecordSetsCommand({ HostedZoneId: zone }))).ResourceRecordSets ?? []) {
      const owner = r.Type === 'TXT' && (r.ResourceRecords ?? []).some((v) => v.Value?.includes(`${CLUSTER_ID_TAG}=${clusterId}`));
      if (owner) out.push({ type: 'public-record', id: `${zone}/${r.Name}`, step: 'dns/api' });
    }
  }
  return out.sort((a, b) => `${a.step} ${a.type}`.localeCompare(`${b.step} ${b.type}`));
}

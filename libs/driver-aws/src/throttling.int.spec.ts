import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DescribeAddressesCommand,
  DescribeInstancesCommand,
  DescribeInternetGatewaysCommand,
  DescribeNatGatewaysCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcAttributeCommand,
  DescribeVpcsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { DescribeTargetHealthCommand, ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { GetInstanceProfileCommand, GetRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { GetResourcesCommand, ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import {
  CreateHostedZoneCommand,
  ListHostedZonesCommand,
  ListResourceRecordSetsCommand,
  ListTagsForResourceCommand,
  Route53Client,
} from '@aws-sdk/client-route-53';
import { GetBucketTaggingCommand, ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCluster } from '@strata/cluster-config';
import { writeAssetDirectory } from '@strata/bootstrap';
import { applyPlan, CLUSTER_ID_TAG, destroyAll, STEP_TAG, type DriverContext, type InfraPlan, type RunOptions } from '@strata/driver-api';
import { awsDriver } from './aws-driver';
import { awsContext, endpointsAt, startFaultProxy, startMoto, useMotoCredentials, type FaultProxy, type MotoServer } from './testing';

const REGION = 'eu-central-1';
const FAST: RunOptions = { retry: { initialDelayMs: 20, maxDelayMs: 200 } };
let moto: MotoServer;
let proxy: FaultProxy;
const work = mkdtempSync(join(tmpdir(), 'strata-aws-throttling-'));

/** A client of moto itself, not of the proxy: what is really there, without injected errors. */
function direct<T>(Client: new (c: object) => T): T {
  return new Client({ region: REGION, endpoint: moto.endpoint, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' }, forcePathStyle: true });
}

/** examples/aws.yaml named `name` and made small (one control-plane machine, one pool of two workers), its endpoints at the proxy. */
async function smallCluster(dir: string, name: string): Promise<DriverContext> {
  const doc = parseYaml(readFileSync(join(import.meta.dirname, '../../../examples/aws.yaml'), 'utf8')) as {
    metadata: { name: string };
    spec: { platform: { aws: Record<string, unknown> }; controlPlane: { replicas: number }; workers: { replicas: number }[] };
  };
  doc.metadata.name = name;
  doc.spec.platform.aws['endpoints'] = endpointsAt(proxy.endpoint);
  doc.spec.controlPlane.replicas = 1;
  doc.spec.workers = [{ ...doc.spec.workers[0], replicas: 2 } as { replicas: number }];
  const cluster = parseCluster(JSON.stringify(doc), { format: 'json' });
  const { manifest } = await writeAssetDirectory(dir, cluster);
  return awsContext({ cluster: JSON.stringify(cluster), clusterId: manifest.clusterId, assetsDir: dir, journal: join(dir, 'state/journal.jsonl') });
}

const stepOf = (tags: { Key?: string; Value?: string }[] | undefined) => tags?.find((t) => t.Key === STEP_TAG)?.Value ?? '(none)';

/**
 * What moto holds for the cluster, per plan step: EC2 resources, load balancer parts and
 * the bucket by their step tag; IAM roles and profiles by name; hosted zones and records
 * by name, so that an untagged second copy would show too.
 */
async function resourcesByStep(ctx: DriverContext, plan: InfraPlan): Promise<Record<string, string[]>> {
  const ec2 = direct(EC2Client);
  const f = [{ Name: `tag:${CLUSTER_ID_TAG}`, Values: [ctx.clusterId] }];
  const found: Record<string, string[]> = {};
  const add = (step: string, kind: string) => (found[step] ??= []).push(kind);
  for (const v of (await ec2.send(new DescribeVpcsCommand({ Filters: f }))).Vpcs ?? []) add(stepOf(v.Tags), 'vpc');
  for (const g of (await ec2.send(new DescribeInternetGatewaysCommand({ Filters: f }))).InternetGateways ?? []) add(stepOf(g.Tags), 'internet-gateway');
  for (const s of (await ec2.send(new DescribeSubnetsCommand({ Filters: f }))).Subnets ?? []) add(stepOf(s.Tags), 'subnet');
  for (const r of (await ec2.send(new DescribeRouteTablesCommand({ Filters: f }))).RouteTables ?? []) add(stepOf(r.Tags), 'route-table');
  for (const a of (await ec2.send(new DescribeAddressesCommand({ Filters: f }))).Addresses ?? []) add(stepOf(a.Tags), 'elastic-ip');
  const nats = await ec2.send(new DescribeNatGatewaysCommand({ Filter: [...f, { Name: 'state', Values: ['pending', 'available'] }] }));
  for (const n of nats.NatGateways ?? []) add(stepOf(n.Tags), 'nat-gateway');
  for (const g of (await ec2.send(new DescribeSecurityGroupsCommand({ Filters: f }))).SecurityGroups ?? []) add(stepOf(g.Tags), 'security-group');
  const live = [...f, { Name: 'instance-state-name', Values: ['pending', 'running', 'stopping', 'stopped'] }];
  for (const r of (await ec2.send(new DescribeInstancesCommand({ Filters: live }))).Reservations ?? [])
    for (const i of r.Instances ?? []) add(stepOf(i.Tags), 'instance');
  const elb = await direct(ResourceGroupsTaggingAPIClient).send(
    new GetResourcesCommand({ TagFilters: [{ Key: CLUSTER_ID_TAG, Values: [ctx.clusterId] }], ResourceTypeFilters: ['elasticloadbalancing'] }),
  );
  for (const r of elb.ResourceTagMappingList ?? []) add(stepOf(r.Tags), r.ResourceARN?.includes(':targetgroup/') ? 'target-group' : 'load-balancer');
  const s3 = direct(S3Client);
  for (const b of (await s3.send(new ListBucketsCommand({}))).Buckets ?? []) {
    const tags = await s3.send(new GetBucketTaggingCommand({ Bucket: b.Name })).catch(() => undefined);
    if (tags?.TagSet?.some((t) => t.Key === CLUSTER_ID_TAG && t.Value === ctx.clusterId)) add(stepOf(tags.TagSet), 'bucket');
  }
  const iam = direct(IAMClient);
  const r53 = direct(Route53Client);
  const zones = (await r53.send(new ListHostedZonesCommand({}))).HostedZones ?? [];
  for (const step of plan.steps) {
    if (step.kind === 'instance-role') {
      if (await iam.send(new GetRoleCommand({ RoleName: step.name })).catch(() => undefined)) add(step.id, 'role');
      if (await iam.send(new GetInstanceProfileCommand({ InstanceProfileName: step.name })).catch(() => undefined)) add(step.id, 'instance-profile');
    }
    if (step.kind === 'dns-record') {
      const spec = step.spec as { zone: string; private: boolean };
      for (const z of zones.filter((z) => z.Name === `${spec.zone}.` && (z.Config?.PrivateZone ?? false) === spec.private)) {
        if (spec.private) add(step.id, 'private-zone');
        for (const r of (await r53.send(new ListResourceRecordSetsCommand({ HostedZoneId: z.Id }))).ResourceRecordSets ?? [])
          if (r.Name === `${step.name}.` && (r.Type === 'A' || r.Type === 'TXT')) add(step.id, `record ${r.Type}`);
      }
    }
  }
  for (const kinds of Object.values(found)) kinds.sort();
  return found;
}

/** Exactly one resource of each kind a step makes. */
function expectedByStep(plan: InfraPlan): Record<string, string[]> {
  const kinds: Record<string, string[]> = {
    vpc: ['vpc'],
    'internet-gateway': ['internet-gateway'],
    subnet: ['subnet'],
    'route-table': ['route-table'],
    'elastic-ip': ['elastic-ip'],
    'nat-gateway': ['nat-gateway'],
    'security-group': ['security-group'],
    bucket: ['bucket'],
    'instance-role': ['instance-profile', 'role'],
    'load-balancer': ['load-balancer', 'target-group'],
    machine: ['instance'],
  };
  return Object.fromEntries(
    plan.steps.map((s) => [
      s.id,
      s.kind === 'dns-record' ? [...((s.spec as { private: boolean }).private ? ['private-zone'] : []), 'record A', 'record TXT'] : (kinds[s.kind] ?? []),
    ]),
  );
}

beforeAll(async () => {
  useMotoCredentials();
  moto = await startMoto();
  proxy = await startFaultProxy(moto.endpoint);
  await direct(Route53Client).send(new CreateHostedZoneCommand({ Name: 'example.com', CallerReference: 'example-com' }));
}, 60_000);

afterAll(async () => {
  await proxy?.stop();
  await moto?.stop();
  rmSync(work, { recursive: true, force: true });
});

describe('the AWS driver while AWS throttles', () => {
  it('installs a small cluster without duplicates when 30% of the calls are throttled, then destroys it to nothing', async () => {
    const ctx = await smallCluster(join(work, 'throttled'), 'prod-eu');
    const plan = awsDriver.plan(ctx);
    // The first call to each service is throttled for certain, then 30% of all calls at random.
    for (const service of ['ec2', 'elb', 'iam', 'route53', 's3'] as const) proxy.fail({ service, times: 1 });
    proxy.throttle(0.3, 42);

    const result = await applyPlan(awsDriver, ctx, plan, FAST);
    expect(result.created.sort()).toEqual(plan.steps.map((s) => s.id).sort());
    expect(proxy.injected()).toBeGreaterThan(0);
    const injected = Object.keys(proxy.injectedCounts()).map((k) => k.split(':')[0]);
    // Every service the driver uses was throttled at least once.
    expect(new Set(injected)).toEqual(new Set(['ec2', 'elb', 'iam', 'route53', 's3']));

    expect(await resourcesByStep(ctx, plan)).toEqual(expectedByStep(plan));

    // Complete, not only there: the parts set up after each create call are in place too.
    const ec2 = direct(EC2Client);
    const vpcId = ctx.journal.outputs('network/vpc')?.['vpcId'] as string;
    const hostnames = await ec2.send(new DescribeVpcAttributeCommand({ VpcId: vpcId, Attribute: 'enableDnsHostnames' }));
    expect(hostnames.EnableDnsHostnames?.Value).toBe(true);
    const subnets = (await ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: `tag:${CLUSTER_ID_TAG}`, Values: [ctx.clusterId] }] }))).Subnets ?? [];
    for (const s of subnets) expect([stepOf(s.Tags), s.MapPublicIpOnLaunch]).toEqual([stepOf(s.Tags), stepOf(s.Tags).includes('-public-')]);
    const igws = (await ec2.send(new DescribeInternetGatewaysCommand({ Filters: [{ Name: `tag:${CLUSTER_ID_TAG}`, Values: [ctx.clusterId] }] })))
      .InternetGateways;
    expect(igws?.[0]?.Attachments?.map((a) => a.VpcId)).toEqual([vpcId]);
    const tg = ctx.journal.outputs('load-balancer/api')?.['targetGroupArn'] as string;
    const targets = await direct(ElasticLoadBalancingV2Client).send(new DescribeTargetHealthCommand({ TargetGroupArn: tg }));
    expect(targets.TargetHealthDescriptions?.map((t) => t.Target?.Id)).toEqual([ctx.journal.outputs('machine/prod-eu-cp-0')?.['instanceId']]);
    const privateZone = ctx.journal.outputs('dns/api-int')?.['hostedZoneId'] as string;
    const zoneTags = await direct(Route53Client).send(new ListTagsForResourceCommand({ ResourceType: 'hostedzone', ResourceId: privateZone }));
    expect(zoneTags.ResourceTagSet?.Tags).toContainEqual({ Key: CLUSTER_ID_TAG, Value: ctx.clusterId });

    const again = await applyPlan(awsDriver, ctx, plan, FAST);
    expect(again.unchanged).toHaveLength(plan.steps.length);

    await destroyAll(awsDriver, ctx, plan, FAST);
    proxy.clear();
    expect(await awsDriver.sweep(ctx)).toEqual([]);
    expect(await resourcesByStep(ctx, plan)).toEqual({});
  }, 300_000);

  it('stops with UnauthorizedOperation on RunInstances, naming the machine, without retrying it', async () => {
    const ctx = await smallCluster(join(work, 'unauthorized'), 'denied');
    const plan = awsDriver.plan(ctx);
    proxy.resetCounts();
    proxy.fail({ service: 'ec2', action: 'RunInstances', code: 'UnauthorizedOperation' });
    proxy.throttle(0.3, 7);

    const started = Date.now();
    await expect(applyPlan(awsDriver, ctx, plan, FAST)).rejects.toThrow(
      /creating machine denied-(cp|general)-\d: creating instance denied-(cp|general)-\d: UnauthorizedOperation: You are not authorized to perform this operation\./,
    );
    expect(Date.now() - started).toBeLessThan(120_000);
    // Refused calls are not retried: one RunInstances per machine at most, each answered UnauthorizedOperation.
    const runs = proxy.counts()['ec2:RunInstances'] ?? 0;
    expect(runs).toBeGreaterThan(0);
    expect(runs).toBeLessThanOrEqual(3);
    expect(proxy.injectedCounts()['ec2:RunInstances:UnauthorizedOperation']).toBe(runs);
    const machines = plan.steps.filter((s) => s.kind === 'machine').map((s) => ctx.journal.state(s.id));
    expect(machines).not.toContain('created');

    proxy.clear();
    proxy.throttle(0.3, 9);
    await destroyAll(awsDriver, ctx, plan, FAST);
    proxy.clear();
    expect(await awsDriver.sweep(ctx)).toEqual([]);
    expect(await resourcesByStep(ctx, plan)).toEqual({});
  }, 300_000);
});

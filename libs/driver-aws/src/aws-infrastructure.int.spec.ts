import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeInstancesCommand, DescribeSecurityGroupsCommand, DescribeSubnetsCommand, DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import {
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
  DescribeTargetGroupsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { ListHostedZonesCommand, ListResourceRecordSetsCommand, Route53Client } from '@aws-sdk/client-route-53';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCluster } from '@strata/cluster-config';
import { writeAssetDirectory } from '@strata/bootstrap';
import { applyPlan, CLUSTER_ID_TAG, destroyAll, STEP_TAG, type DriverContext } from '@strata/driver-api';
import { awsDriver } from './aws-driver';
import { awsContext, endpointsAt, startMoto, useMotoCredentials, type MotoServer } from './testing';

let moto: MotoServer;
const work = mkdtempSync(join(tmpdir(), 'strata-aws-'));

async function exampleContext(dir: string): Promise<DriverContext> {
  const doc = parseYaml(readFileSync(join(import.meta.dirname, '../../../examples/aws.yaml'), 'utf8')) as {
    spec: { platform: { aws: Record<string, unknown> } };
  };
  doc.spec.platform.aws['endpoints'] = endpointsAt(moto.endpoint);
  const cluster = parseCluster(JSON.stringify(doc), { format: 'json' });
  const { manifest } = await writeAssetDirectory(dir, cluster);
  return awsContext({ cluster: JSON.stringify(cluster), clusterId: manifest.clusterId, assetsDir: dir, journal: join(dir, 'state/journal.jsonl') });
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

describe('examples/aws.yaml on moto', () => {
  it('validates, installs the infrastructure, reads back through the SDK, and destroys to nothing', async () => {
    const ctx = await exampleContext(join(work, 'example'));
    expect(await awsDriver.validate(ctx)).toEqual([]);
    const plan = awsDriver.plan(ctx);
    const result = await applyPlan(awsDriver, ctx, plan);
    expect(result.created).toHaveLength(plan.steps.length);

    const ec2 = moto.client(EC2Client);
    const byCluster = [{ Name: `tag:${CLUSTER_ID_TAG}`, Values: [ctx.clusterId] }];
    const vpcs = (await ec2.send(new DescribeVpcsCommand({ Filters: byCluster }))).Vpcs ?? [];
    expect(vpcs.map((v) => v.CidrBlock)).toEqual(['10.20.0.0/16']);
    const subnets = (await ec2.send(new DescribeSubnetsCommand({ Filters: byCluster }))).Subnets ?? [];
    expect(subnets.map((s) => `${s.AvailabilityZone} ${s.CidrBlock}`).sort()).toEqual([
      'eu-central-1a 10.20.0.0/19',
      'eu-central-1a 10.20.96.0/19',
      'eu-central-1b 10.20.128.0/19',
      'eu-central-1b 10.20.32.0/19',
      'eu-central-1c 10.20.160.0/19',
      'eu-central-1c 10.20.64.0/19',
    ]);
    for (const s of subnets) expect(s.Tags).toContainEqual({ Key: 'kubernetes.io/cluster/prod-eu', Value: 'owned' });
    expect(subnets[0]?.Tags).toContainEqual({ Key: 'cost-center', Value: 'platform' });

    const sgs = (await ec2.send(new DescribeSecurityGroupsCommand({ Filters: byCluster }))).SecurityGroups ?? [];
    const cp = sgs.find((g) => g.Tags?.some((t) => t.Key === STEP_TAG && t.Value === 'security-group/control-plane'));
    const ports = (cp?.IpPermissions ?? []).map((p) => `${p.IpProtocol} ${p.FromPort ?? ''}-${p.ToPort ?? ''}`);
    expect(ports).toEqual(expect.arrayContaining(['tcp 6443-6443', 'tcp 2379-2380', 'tcp 10250-10250', 'tcp 30000-32767', 'tcp 22-22']));
    const etcd = cp?.IpPermissions?.find((p) => p.FromPort === 2379);
    expect(etcd?.UserIdGroupPairs?.map((g) => g.GroupId)).toEqual([cp?.GroupId]);
    expect(etcd?.IpRanges ?? []).toEqual([]);

    const instances = ((await ec2.send(new DescribeInstancesCommand({ Filters: byCluster }))).Reservations ?? []).flatMap((r) => r.Instances ?? []);
    const perPoolZone = instances
      .map((i) => `${i.Tags?.find((t) => t.Key === 'Name')?.Value?.replace(/-\d+$/, '')} ${i.Placement?.AvailabilityZone} ${i.InstanceType}`)
      .sort();
    expect(perPoolZone).toEqual([
      'prod-eu-batch eu-central-1a m6i.2xlarge',
      'prod-eu-batch eu-central-1b m6i.2xlarge',
      'prod-eu-cp eu-central-1a m6i.xlarge',
      'prod-eu-cp eu-central-1b m6i.xlarge',
      'prod-eu-cp eu-central-1c m6i.xlarge',
      'prod-eu-general eu-central-1a m6i.xlarge',
      'prod-eu-general eu-central-1b m6i.xlarge',
      'prod-eu-general eu-central-1c m6i.xlarge',
    ]);
    for (const i of instances) expect(i.MetadataOptions?.HttpTokens).toBe('required');
    // Each instance has the fixed address its certificates and etcd peer URLs name.
    const planned = Object.fromEntries(plan.steps.filter((st) => st.kind === 'machine').map((st) => [st.name, st.spec['privateIp']]));
    for (const i of instances) expect(i.PrivateIpAddress).toBe(planned[i.Tags?.find((t) => t.Key === 'Name')?.Value ?? '']);

    const elb = moto.client(ElasticLoadBalancingV2Client);
    const lbs = (await elb.send(new DescribeLoadBalancersCommand({}))).LoadBalancers ?? [];
    expect(lbs.map((l) => l.Type)).toEqual(['network']);
    const listeners = (await elb.send(new DescribeListenersCommand({ LoadBalancerArn: lbs[0]?.LoadBalancerArn }))).Listeners ?? [];
    expect(listeners.map((l) => `${l.Protocol} ${l.Port}`)).toEqual(['TCP 6443']);
    const tg = (await elb.send(new DescribeTargetGroupsCommand({}))).TargetGroups?.[0];
    const targets = (await elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: tg?.TargetGroupArn }))).TargetHealthDescriptions ?? [];
    const cpIds = instances.filter((i) => i.Tags?.some((t) => t.Key === 'Name' && t.Value?.includes('-cp-'))).map((i) => i.InstanceId);
    expect(targets.map((t) => t.Target?.Id).sort()).toEqual(cpIds.sort());

    const r53 = moto.client(Route53Client);
    const zones = (await r53.send(new ListHostedZonesCommand({}))).HostedZones ?? [];
    expect(zones.map((z) => `${z.Name} ${z.Config?.PrivateZone ? 'private' : 'public'}`).sort()).toEqual([
      'example.com. public',
      'prod-eu.example.com. private',
    ]);
    const names = [];
    for (const z of zones) {
      for (const r of (await r53.send(new ListResourceRecordSetsCommand({ HostedZoneId: z.Id }))).ResourceRecordSets ?? [])
        if (r.Type === 'A') names.push(r.Name);
    }
    expect(names.sort()).toEqual(['api-int.prod-eu.example.com.', 'api.prod-eu.example.com.']);

    // Configs over 16 KB go to the bucket; the object is the rendered config byte for byte.
    const cp0 = await ctx.ignitionFor('prod-eu-cp-0');
    const bucket = plan.steps.find((s) => s.kind === 'bucket')?.name;
    const object = await moto.client(S3Client).send(new GetObjectCommand({ Bucket: bucket, Key: 'ignition/prod-eu-cp-0.ign' }));
    expect(await object.Body?.transformToString()).toBe(cp0);

    const machines = await awsDriver.listMachines(ctx);
    expect(machines).toHaveLength(8);
    for (const m of machines) expect(m.providerID).toMatch(/^aws:\/\/\/eu-central-1[abc]\/i-[0-9a-f]+$/);

    const again = await applyPlan(awsDriver, ctx, plan);
    expect(again.unchanged).toHaveLength(plan.steps.length);

    await destroyAll(awsDriver, ctx, plan);
    expect(await awsDriver.sweep(ctx)).toEqual([]);
    expect((await ec2.send(new DescribeVpcsCommand({ Filters: byCluster }))).Vpcs).toEqual([]);
    const left = ((await ec2.send(new DescribeInstancesCommand({ Filters: byCluster }))).Reservations ?? []).flatMap((r) => r.Instances ?? []);
    expect(left.every((i) => i.State?.Name === 'terminated')).toBe(true);
    expect(((await r53.send(new ListHostedZonesCommand({}))).HostedZones ?? []).map((z) => z.Name)).toEqual(['example.com.']);
  }, 240_000);
});

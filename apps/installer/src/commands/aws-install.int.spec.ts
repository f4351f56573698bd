import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
  DescribeVpcsCommand,
  EC2Client,
  type Tag,
} from '@aws-sdk/client-ec2';
import { DescribeLoadBalancersCommand, DescribeTargetGroupsCommand, ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { ListHostedZonesCommand, Route53Client } from '@aws-sdk/client-route-53';
import { parse as parseYaml, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLUSTER_ID_TAG, STEP_TAG } from '@strata/driver-api';
import { endpointsAt, startMoto, type MotoServer } from '@strata/driver-aws/testing';
import { WORKSPACE_ROOT } from '@strata/toolchain';
import { installKilledAfter } from '../testing/killed-install';
import { runCli } from '../testing/run-cli';

const CREDENTIALS = { AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', AWS_PROFILE: '', AWS_SESSION_TOKEN: '' };
const work = mkdtempSync(join(tmpdir(), 'strata-aws-cli-'));
let moto: MotoServer;

/** examples/aws.yaml pointed at moto, written to `<work>/<name>.yaml`. */
function exampleDocument(name: string): string {
  const doc = parseYaml(readFileSync(join(WORKSPACE_ROOT, 'examples/aws.yaml'), 'utf8')) as { spec: { platform: { aws: Record<string, unknown> } } };
  doc.spec.platform.aws['endpoints'] = endpointsAt(moto.endpoint);
  const file = join(work, `${name}.yaml`);
  writeFileSync(file, stringify(doc));
  return file;
}

function strata(args: string[]) {
  return runCli(args, { env: CREDENTIALS, timeoutMs: 180_000 });
}

function clusterId(dir: string): string {
  return (JSON.parse(readFileSync(join(dir, 'assets.json'), 'utf8')) as { clusterId: string }).clusterId;
}

/**
 * Every live EC2 and ELB resource of the cluster, straight from moto, as `kind step` lines:
 * a step created twice shows twice.
 */
async function ownedResources(id: string): Promise<string[]> {
  const ec2 = moto.client(EC2Client);
  const f = [{ Name: `tag:${CLUSTER_ID_TAG}`, Values: [id] }];
  const step = (tags: Tag[] | undefined) => tags?.find((t) => t.Key === STEP_TAG)?.Value ?? '(no step)';
  const out: string[] = [];
  for (const v of (await ec2.send(new DescribeVpcsCommand({ Filters: f }))).Vpcs ?? []) out.push(`vpc ${step(v.Tags)}`);
  for (const s of (await ec2.send(new DescribeSubnetsCommand({ Filters: f }))).Subnets ?? []) out.push(`subnet ${step(s.Tags)}`);
  for (const g of (await ec2.send(new DescribeInternetGatewaysCommand({ Filters: f }))).InternetGateways ?? []) out.push(`igw ${step(g.Tags)}`);
  for (const r of (await ec2.send(new DescribeRouteTablesCommand({ Filters: f }))).RouteTables ?? []) out.push(`rtb ${step(r.Tags)}`);
  for (const a of (await ec2.send(new DescribeAddressesCommand({ Filters: f }))).Addresses ?? []) out.push(`eip ${step(a.Tags)}`);
  for (const n of (await ec2.send(new DescribeNatGatewaysCommand({ Filter: [...f, { Name: 'state', Values: ['pending', 'available'] }] }))).NatGateways ?? [])
    out.push(`nat ${step(n.Tags)}`);
  for (const g of (await ec2.send(new DescribeSecurityGroupsCommand({ Filters: f }))).SecurityGroups ?? []) out.push(`sg ${step(g.Tags)}`);
  const reservations = (await ec2.send(new DescribeInstancesCommand({ Filters: [...f, { Name: 'instance-state-name', Values: ['pending', 'running'] }] })))
    .Reservations;
  for (const i of (reservations ?? []).flatMap((r) => r.Instances ?? [])) out.push(`instance ${step(i.Tags)}`);
  const elb = moto.client(ElasticLoadBalancingV2Client);
  for (const l of (await elb.send(new DescribeLoadBalancersCommand({}))).LoadBalancers ?? []) out.push(`lb ${l.LoadBalancerName}`);
  for (const t of (await elb.send(new DescribeTargetGroupsCommand({}))).TargetGroups ?? []) out.push(`tg ${t.TargetGroupName}`);
  return out.sort();
}

beforeAll(async () => {
  moto = await startMoto();
  await moto.hostedZone('example.com');
}, 60_000);

afterAll(async () => {
  await moto?.stop();
  rmSync(work, { recursive: true, force: true });
});

describe('strata on AWS (moto)', () => {
  it('installs examples/aws.yaml to infrastructure, shows the instances in status, and destroys everything even without the journal', async () => {
    const file = exampleDocument('prod-eu');
    const dir = join(work, 'prod-eu');
    const install = strata(['install', '-f', file, '--dir', dir, '--until', 'infrastructure']);
    expect(install.code, install.stderr + install.stdout).toBe(0);
    expect(install.stdout).toMatch(/without --until to finish the install/);

    const status = strata(['status', '--dir', dir, '--output', 'json']);
    const machines = (JSON.parse(status.stdout) as { machines: { name: string; providerID: string; addresses: { type: string; address: string }[] }[] })
      .machines;
    expect(machines).toHaveLength(8);
    for (const m of machines) {
      expect(m.providerID).toMatch(/^aws:\/\/\/eu-central-1[abc]\/i-[0-9a-f]+$/);
      expect(m.addresses.find((a) => a.type === 'InternalIP')?.address).toMatch(/^10\.20\.\d+\.\d+$/);
    }
    const table = strata(['status', '--dir', dir]);
    expect(table.stdout).toMatch(/prod-eu-cp-0\s+control-plane\s+running\s+10\.20\.0\.10\s+aws:\/\/\/eu-central-1a\/i-[0-9a-f]+/);

    const id = clusterId(dir);
    expect((await ownedResources(id)).length).toBeGreaterThan(20);
    rmSync(join(dir, 'state/journal.jsonl'));
    const destroy = strata(['destroy', '--dir', dir]);
    expect(destroy.code, destroy.stderr + destroy.stdout).toBe(0);
    expect(await ownedResources(id)).toEqual([]);
    const zones = (await moto.client(Route53Client).send(new ListHostedZonesCommand({}))).HostedZones ?? [];
    expect(zones.map((z) => z.Name)).toEqual(['example.com.']);
    const again = strata(['destroy', '--dir', dir]);
    expect(again.code, again.stderr + again.stdout).toBe(0);
  }, 400_000);

  it('shows the plan: subnet CIDRs, security group rules and IAM policies, with nothing created', async () => {
    const file = exampleDocument('plan');
    const vpcsBefore = ((await moto.client(EC2Client).send(new DescribeVpcsCommand({}))).Vpcs ?? []).length;
    const text = strata(['plan', '-f', file]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/^plan of cluster prod-eu on aws: \d+ steps, nothing created/);
    expect(text.stdout).toMatch(
      /network\/subnet-private-eu-central-1a \(subnet\) \S+\n {4}after: network\/vpc\n {4}zone: eu-central-1a\n {4}cidr: 10\.20\.0\.0\/19/,
    );
    const json = JSON.parse(strata(['plan', '-f', file, '--output', 'json']).stdout) as { plan: { steps: { id: string; spec: Record<string, unknown> }[] } };
    const cp = json.plan.steps.find((st) => st.id === 'security-group/control-plane');
    expect(cp?.spec['rules']).toContainEqual(expect.objectContaining({ fromPort: 2379, toPort: 2380, source: 'self' }));
    const role = json.plan.steps.find((st) => st.id === 'iam/worker');
    expect(JSON.stringify(role?.spec['policy'])).toContain('s3:GetObject');
    expect(((await moto.client(EC2Client).send(new DescribeVpcsCommand({}))).Vpcs ?? []).length).toBe(vpcsBefore);
  }, 120_000);

  it('refuses a document the account cannot hold with exit code 2, every problem with its path, and creates nothing', async () => {
    const doc = parseYaml(readFileSync(exampleDocument('bad'), 'utf8')) as { spec: { baseDomain: string; platform: { aws: Record<string, unknown> } } };
    doc.spec.platform.aws['zones'] = ['eu-central-1a', 'eu-central-1z'];
    doc.spec.baseDomain = 'nowhere.example';
    const file = join(work, 'bad.yaml');
    writeFileSync(file, stringify(doc));
    const vpcsBefore = ((await moto.client(EC2Client).send(new DescribeVpcsCommand({}))).Vpcs ?? []).length;
    const res = strata(['install', '-f', file, '--dir', join(work, 'bad'), '--until', 'infrastructure']);
    expect(res.code, res.stderr + res.stdout).toBe(2);
    expect(res.stderr).toMatch(/spec\.platform\.aws\.zones\.1: zone eu-central-1z is not available/);
    expect(res.stderr).toMatch(/spec\.baseDomain: there is no public Route 53 hosted zone nowhere\.example/);
    expect(((await moto.client(EC2Client).send(new DescribeVpcsCommand({}))).Vpcs ?? []).length).toBe(vpcsBefore);
  }, 120_000);

  it('after kill -9 of the installer at five points of the apply, the same command finishes one cluster with no duplicate resource', async () => {
    const file = exampleDocument('prod-eu');
    const dir = join(work, 'crash');
    const kills = [];
    for (const lines of [1, 4, 8, 12, 16]) kills.push(await installKilledAfter(file, dir, lines, { ...CREDENTIALS, STRATA_HOME: join(work, 'home') }));
    // Each run was killed inside the apply, after it had recorded more of it.
    expect(kills.filter((k) => k.killed).length).toBe(5);
    for (const k of kills) expect(k.after).toBeGreaterThan(k.before);

    const finish = strata(['install', '-f', file, '--dir', dir, '--until', 'infrastructure']);
    expect(finish.code, finish.stderr + finish.stdout).toBe(0);
    const resources = await ownedResources(clusterId(dir));
    const duplicates = resources.filter((r, i) => resources.indexOf(r) !== i);
    expect(duplicates).toEqual([]);
    expect(resources.filter((r) => r.startsWith('instance '))).toHaveLength(8);
    expect(resources.filter((r) => r.startsWith('vpc '))).toHaveLength(1);
    expect(resources.filter((r) => r.startsWith('nat '))).toHaveLength(1);

    const destroy = strata(['destroy', '--dir', dir]);
    expect(destroy.code, destroy.stderr + destroy.stdout).toBe(0);
    expect(await ownedResources(clusterId(dir))).toEqual([]);
  }, 600_000);
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { awsSubnetPlan, awsZones, cidrsOverlap, parseCluster, type Cluster } from '@strata/cluster-config';
import { CLUSTER_ID_TAG, InfraPlanSchema, STEP_TAG, type DriverContext } from '@strata/driver-api';
import { offlineContext } from '@strata/driver-api/conformance';
import { ProviderError } from '@strata/errors';
import { isNotFound, providerError } from './errors';
import { clientToken, pointerConfig, USER_DATA_LIMIT } from './handlers/machine';
import { awsPlan } from './plan';
import { policyFor } from './policies';
import { securityGroupRules } from './security-rules';
import { isStandardFamily, vcpuProblem } from './validate';
import { awsTags } from './tags';

const EXAMPLE = readFileSync(join(import.meta.dirname, '../../../examples/aws.yaml'), 'utf8');

/** The parts of the example document the tests edit. */
interface Doc {
  spec: { platform: { aws: Record<string, unknown> }; networking: Record<string, unknown>; sshAuthorizedKeys?: string[] };
}

function example(edit: (doc: Doc) => void = () => undefined): Cluster {
  const copy = structuredClone(parseCluster(EXAMPLE, { format: 'yaml' })) as unknown as Doc;
  edit(copy);
  return parseCluster(JSON.stringify(copy), { format: 'json' });
}

const context = (cluster: Cluster): DriverContext => offlineContext({ cluster });

describe('the AWS plan', () => {
  it('plans one private and one public subnet per zone inside machineCIDR, none overlapping', () => {
    const plan = awsSubnetPlan(example());
    expect(plan.map((s) => s.zone)).toEqual(['eu-central-1a', 'eu-central-1b', 'eu-central-1c']);
    const all = plan.flatMap((s) => [s.private, s.public]);
    expect(new Set(all).size).toBe(6);
    for (const cidr of all) {
      expect(cidrsOverlap(cidr, '10.20.0.0/16')).toBe(true);
      expect(cidr).toMatch(/\/19$/);
    }
    for (let i = 0; i < all.length; i++) for (let j = i + 1; j < all.length; j++) expect(cidrsOverlap(all[i]!, all[j]!)).toBe(false);
  });

  it('spreads over the region a, b and c zones when the document names none', () => {
    const cluster = example((d) => (d.spec.platform.aws.zones = []));
    expect(awsZones(cluster)).toEqual(['eu-central-1a', 'eu-central-1b', 'eu-central-1c']);
  });

  it('names why the subnets do not fit when machineCIDR is too small', () => {
    const cluster = example((d) => (d.spec.networking.machineCIDR = '10.20.0.0/26'));
    expect(() => awsSubnetPlan(cluster)).toThrow(/10\.20\.0\.0\/26/);
  });

  it('is a valid, deterministic plan whose dependencies all exist', () => {
    const ctx = context(example());
    const plan = awsPlan(ctx);
    expect(InfraPlanSchema.parse(plan)).toEqual(plan);
    expect(awsPlan(ctx)).toEqual(plan);
    const ids = new Set(plan.steps.map((s) => s.id));
    expect(ids.size).toBe(plan.steps.length);
    for (const step of plan.steps) for (const dep of step.dependsOn) expect(ids, `${step.id} depends on ${dep}`).toContain(dep);
    const kinds = plan.steps.map((s) => s.kind);
    for (const kind of ['vpc', 'internet-gateway', 'nat-gateway', 'elastic-ip', 'route-table', 'security-group', 'instance-role', 'bucket', 'load-balancer'])
      expect(kinds).toContain(kind);
    expect(plan.steps.filter((s) => s.kind === 'subnet')).toHaveLength(6);
    expect(plan.steps.filter((s) => s.kind === 'dns-record').map((s) => `${s.name} ${s.spec['private'] ? 'private' : 'public'}`)).toEqual([
      'api.prod-eu.example.com public',
      'api-int.prod-eu.example.com private',
    ]);
  });

  it('places one instance per machine, round-robin over the zones, with the type and volume of its machine type', () => {
    const plan = awsPlan(context(example()));
    const machines = plan.steps.filter((s) => s.kind === 'machine');
    expect(machines.map((m) => `${m.name} ${m.spec['zone']} ${m.spec['instanceType']} ${m.spec['rootVolumeGiB']}`)).toEqual([
      'prod-eu-cp-0 eu-central-1a m6i.xlarge 80',
      'prod-eu-cp-1 eu-central-1b m6i.xlarge 80',
      'prod-eu-cp-2 eu-central-1c m6i.xlarge 80',
      'prod-eu-general-0 eu-central-1a m6i.xlarge 80',
      'prod-eu-general-1 eu-central-1b m6i.xlarge 80',
      'prod-eu-general-2 eu-central-1c m6i.xlarge 80',
      'prod-eu-batch-0 eu-central-1a m6i.2xlarge 120',
      'prod-eu-batch-1 eu-central-1b m6i.2xlarge 120',
    ]);
    // Fixed addresses in the zone's private subnet: the control plane from .10, workers from .20.
    expect(machines.map((m) => m.spec['privateIp'])).toEqual([
      '10.20.0.10',
      '10.20.32.10',
      '10.20.64.10',
      '10.20.0.20',
      '10.20.32.20',
      '10.20.64.20',
      '10.20.0.21',
      '10.20.32.21',
    ]);
    const cp = machines.find((m) => m.name === 'prod-eu-cp-0');
    expect(cp?.dependsOn).toEqual(
      expect.arrayContaining(['network/subnet-private-eu-central-1a', 'security-group/control-plane', 'iam/control-plane', 'load-balancer/api']),
    );
    const worker = machines.find((m) => m.name === 'prod-eu-batch-1');
    expect(worker?.dependsOn).not.toContain('load-balancer/api');
    expect(worker?.dependsOn).toContain('iam/worker');
  });

  it('honours instance type overrides and a pinned AMI', () => {
    const cluster = example((d) => Object.assign(d.spec.platform.aws, { instanceTypes: { large: 'c7i.4xlarge' }, amiId: 'ami-0123456789abcdef0' }));
    const batch = awsPlan(context(cluster)).steps.find((s) => s.name === 'prod-eu-batch-0');
    expect(batch?.spec).toMatchObject({ instanceType: 'c7i.4xlarge', amiId: 'ami-0123456789abcdef0' });
  });

  it('tags every resource with the ownership marks, the user tags, Name and the cloud provider tag', () => {
    const ctx = context(example());
    const step = awsPlan(ctx).steps.find((s) => s.id === 'network/vpc')!;
    const tags = awsTags(ctx, step);
    expect(tags).toMatchObject({
      [CLUSTER_ID_TAG]: ctx.clusterId,
      [STEP_TAG]: 'network/vpc',
      'cost-center': 'platform',
      Name: step.name,
      'kubernetes.io/cluster/prod-eu': 'owned',
    });
  });
});

describe('security group rules', () => {
  it('opens etcd only between control-plane machines, the API to clients and nodes, SSH only with keys', () => {
    const withKeys = securityGroupRules(example());
    const etcd = withKeys.controlPlane.filter((r) => r.fromPort === 2379);
    expect(etcd).toEqual([{ description: expect.stringContaining('etcd'), protocol: 'tcp', fromPort: 2379, toPort: 2380, source: 'self' }]);
    expect(withKeys.worker.some((r) => r.fromPort <= 2380 && r.toPort >= 2379 && r.protocol === 'tcp')).toBe(false);
    expect(withKeys.controlPlane.filter((r) => r.fromPort === 6443).map((r) => r.source)).toEqual(['0.0.0.0/0', '10.20.0.0/16']);
    expect(withKeys.worker.some((r) => r.fromPort === 6443)).toBe(false);
    for (const port of [10250, 30000]) expect(withKeys.worker.some((r) => r.fromPort === port && r.source === '10.20.0.0/16')).toBe(true);
    expect(withKeys.worker.some((r) => r.protocol === 'icmp')).toBe(true);
    expect(withKeys.worker.some((r) => r.fromPort === 22)).toBe(true);

    const noKeys = securityGroupRules(example((d) => delete d.spec.sshAuthorizedKeys));
    expect([...noKeys.controlPlane, ...noKeys.worker].some((r) => r.fromPort === 22)).toBe(false);
  });
});

describe('IAM policies', () => {
  it('let workers read only their Ignition objects and describe instances', () => {
    const worker = policyFor('worker', 'strata-prod-eu-bucket');
    const actions = worker.Statement.flatMap((s) => s.Action);
    expect(actions.sort()).toEqual(['ec2:DescribeInstances', 'ec2:DescribeRegions', 's3:GetObject']);
    expect(worker.Statement.find((s) => s.Action.includes('s3:GetObject'))?.Resource).toBe('arn:aws:s3:::strata-prod-eu-bucket/ignition/*');
  });

  it('give the control plane what the cloud controller manager needs and no IAM or S3 writes', () => {
    const actions = policyFor('control-plane', 'b').Statement.flatMap((s) => s.Action);
    expect(actions).toEqual(expect.arrayContaining(['elasticloadbalancing:*', 'ec2:CreateSecurityGroup', 'ec2:DescribeInstances']));
    expect(actions.some((a) => a.startsWith('iam:') || a === 's3:PutObject' || a === '*')).toBe(false);
  });
});

describe('user data', () => {
  it('points a config over 16 KB at its S3 object with a pointer config far under the limit', () => {
    const pointer = JSON.parse(pointerConfig('strata-prod-eu-bucket', 'prod-eu-cp-0'));
    expect(pointer).toEqual({ ignition: { version: '3.3.0', config: { replace: { source: 's3://strata-prod-eu-bucket/ignition/prod-eu-cp-0.ign' } } } });
    expect(pointerConfig('b', 'm').length).toBeLessThan(USER_DATA_LIMIT / 100);
  });

  it('gives every machine its own RunInstances client token, the same on every run', () => {
    const ctx = context(example());
    const steps = awsPlan(ctx).steps.filter((s) => s.kind === 'machine');
    const tokens = steps.map((s) => clientToken(ctx, s));
    expect(new Set(tokens).size).toBe(steps.length);
    expect(steps.map((s) => clientToken(ctx, s))).toEqual(tokens);
    for (const t of tokens) expect(t.length).toBeLessThanOrEqual(64);
  });
});

describe('AWS errors', () => {
  it('retries throttling and 5xx answers, not bad requests, and says what was being done', () => {
    const throttled = providerError('creating VPC', Object.assign(new Error('Rate exceeded'), { name: 'RequestLimitExceeded' }));
    expect(throttled).toBeInstanceOf(ProviderError);
    expect(throttled.retryable).toBe(true);
    expect(throttled.message).toBe('creating VPC: RequestLimitExceeded: Rate exceeded');
    const unavailable = providerError('x', Object.assign(new Error('oops'), { name: 'Weird', $metadata: { httpStatusCode: 503 } }));
    expect(unavailable.retryable).toBe(true);
    const denied = providerError('x', Object.assign(new Error('not allowed'), { name: 'UnauthorizedOperation', $metadata: { httpStatusCode: 403 } }));
    expect(denied.retryable).toBe(false);
  });

  it('recognises the ways AWS says a resource is already gone', () => {
    expect(isNotFound(Object.assign(new Error(), { name: 'InvalidVpcID.NotFound' }))).toBe(true);
    expect(isNotFound(Object.assign(new Error(), { name: 'NoSuchBucket' }))).toBe(true);
    expect(isNotFound(Object.assign(new Error(), { name: 'NoSuchEntity' }))).toBe(true);
    expect(isNotFound(Object.assign(new Error(), { name: 'DependencyViolation' }))).toBe(false);
  });
});

describe('the vCPU quota', () => {
  const vcpus = new Map([
    ['m6i.xlarge', 4],
    ['m6i.2xlarge', 8],
    ['p5.48xlarge', 192],
  ]);

  it('counts the standard families only, next to what already runs', () => {
    expect(isStandardFamily('m6i.xlarge')).toBe(true);
    expect(isStandardFamily('t3.micro')).toBe(true);
    expect(isStandardFamily('p5.48xlarge')).toBe(false);
    expect(vcpuProblem(['m6i.xlarge', 'm6i.xlarge', 'p5.48xlarge'], vcpus, 24, 32)).toBeUndefined();
    const problem = vcpuProblem(['m6i.xlarge', 'm6i.2xlarge'], vcpus, 24, 32);
    expect(problem?.path).toBe('spec.workers');
    expect(problem?.message).toMatch(/need 12 On-Demand vCPUs and 24 of the account's 32 are in use .* L-1216C47A/);
  });
});

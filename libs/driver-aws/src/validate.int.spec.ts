import { AllocateAddressCommand, CreateVpcCommand, DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseCluster, type Cluster } from '@strata/cluster-config';
import type { FieldProblem } from '@strata/errors';
import { awsPreflight } from './validate';
import { endpointsAt, startFaultProxy, startMoto, useMotoCredentials, type FaultProxy, type MotoServer } from './testing';

const REGION = 'eu-central-1';
let moto: MotoServer;
let proxy: FaultProxy;

interface Edits {
  name?: string;
  baseDomain?: string;
  zones?: string[];
  instanceTypes?: Record<string, string>;
  workers?: number;
  endpoint?: string;
}

function cluster(e: Edits = {}): Cluster {
  return parseCluster(
    JSON.stringify({
      apiVersion: 'strata.dev/v1alpha1',
      kind: 'Cluster',
      metadata: { name: e.name ?? 'checks' },
      spec: {
        baseDomain: e.baseDomain ?? 'example.com',
        platform: {
          aws: {
            region: REGION,
            zones: e.zones ?? ['eu-central-1a', 'eu-central-1b'],
            instanceTypes: e.instanceTypes ?? {},
            endpoints: endpointsAt(e.endpoint ?? moto.endpoint),
          },
        },
        controlPlane: { replicas: 1, machineType: 'small' },
        workers: [{ name: 'default', replicas: e.workers ?? 2, machineType: 'medium' }],
        networking: { machineCIDR: '10.50.0.0/16' },
      },
    }),
    { format: 'json' },
  );
}

const paths = (problems: FieldProblem[]) => problems.map((p) => p.path);

beforeAll(async () => {
  useMotoCredentials();
  moto = await startMoto();
  proxy = await startFaultProxy(moto.endpoint);
}, 60_000);

beforeEach(async () => {
  await moto.reset();
  proxy.clear();
  await moto.hostedZone('example.com');
});

afterAll(async () => {
  await proxy?.stop();
  await moto?.stop();
});

describe('AWS preflight against moto', () => {
  it('accepts a cluster the account can hold', async () => {
    expect(await awsPreflight(cluster())).toEqual([]);
  });

  it('refuses credentials AWS does not accept, and stops there', async () => {
    proxy.fail({
      service: 'sts',
      action: 'GetCallerIdentity',
      code: 'InvalidClientTokenId',
      status: 403,
      message: 'The security token included in the request is invalid.',
    });
    const problems = await awsPreflight(cluster({ endpoint: proxy.endpoint }));
    expect(problems).toEqual([
      { path: 'spec.platform.aws', message: expect.stringMatching(/AWS refused the credentials \(InvalidClientTokenId: .*AWS_ACCESS_KEY_ID/) },
    ]);
  });

  it('names a zone the region does not have, listing the ones it has', async () => {
    const problems = await awsPreflight(cluster({ zones: ['eu-central-1a', 'eu-central-1z'] }));
    expect(problems).toEqual([
      {
        path: 'spec.platform.aws.zones.1',
        message: expect.stringMatching(/zone eu-central-1z is not available in eu-central-1; available: eu-central-1a, eu-central-1b, eu-central-1c/),
      },
    ]);
  });

  it('names the machine type whose instance type the zones do not offer', async () => {
    const problems = await awsPreflight(cluster({ instanceTypes: { small: 'p5.48xlarge' } }));
    expect(problems).toEqual([
      { path: 'spec.controlPlane.machineType', message: expect.stringMatching(/instance type p5\.48xlarge is not offered in eu-central-1a, eu-central-1b/) },
    ]);
  });

  it('refuses a baseDomain without a public hosted zone', async () => {
    const problems = await awsPreflight(cluster({ baseDomain: 'nowhere.example' }));
    expect(problems).toEqual([{ path: 'spec.baseDomain', message: expect.stringMatching(/no public Route 53 hosted zone nowhere\.example/) }]);
  });

  it('refuses when the Elastic IP limit leaves no room for the NAT gateway', async () => {
    const ec2 = moto.client(EC2Client);
    for (let i = 0; i < 5; i++) await ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }));
    const problems = await awsPreflight(cluster());
    expect(problems).toEqual([{ path: 'spec.platform.aws', message: expect.stringMatching(/5 of 5 Elastic IPs in use/) }]);
  });

  it('refuses when the VPCs-per-region quota is used up', async () => {
    const ec2 = moto.client(EC2Client);
    const existing = ((await ec2.send(new DescribeVpcsCommand({}))).Vpcs ?? []).length;
    for (let i = existing; i < 5; i++) await ec2.send(new CreateVpcCommand({ CidrBlock: `10.${100 + i}.0.0/16` }));
    const problems = await awsPreflight(cluster());
    expect(problems).toEqual([{ path: 'spec.platform.aws', message: expect.stringMatching(/5 of 5 VPCs in this region .* L-F678F1CE/) }]);
  });

  it('refuses more machines than the account may run', async () => {
    const problems = await awsPreflight(cluster({ workers: 20 }));
    expect(problems).toEqual([{ path: 'spec.workers', message: expect.stringMatching(/21 machines exceed the account's limit of 20 instances/) }]);
  });

  it('refuses a name that makes api-int.<name>.<baseDomain> longer than DNS allows', async () => {
    // api.<name>.<baseDomain> is 253 characters, DNS's limit, so api-int.<name>.<baseDomain> is 257.
    const label = 'a'.repeat(55);
    const baseDomain = `${label}.${label}.${label}.${'b'.repeat(42)}.example.com`;
    await moto.hostedZone(baseDomain);
    const problems = await awsPreflight(cluster({ name: 'a-rather-long-cluster-name', baseDomain }));
    expect(paths(problems)).toEqual(['metadata.name']);
    expect(problems[0]?.message).toMatch(/DNS allows 253/);
  });

  it('reports every problem at once', async () => {
    const problems = await awsPreflight(cluster({ zones: ['eu-central-1z'], instanceTypes: { medium: 'p5.48xlarge' }, baseDomain: 'nowhere.example' }));
    expect(paths(problems).sort()).toEqual(['spec.baseDomain', 'spec.platform.aws.zones.0']);
    // With no usable zone the instance types cannot be checked; with one they are.
    const two = await awsPreflight(
      cluster({ zones: ['eu-central-1a', 'eu-central-1z'], instanceTypes: { medium: 'p5.48xlarge' }, baseDomain: 'nowhere.example' }),
    );
    expect(paths(two).sort()).toEqual(['spec.baseDomain', 'spec.platform.aws.zones.1', 'spec.workers.0.machineType']);
  });
});

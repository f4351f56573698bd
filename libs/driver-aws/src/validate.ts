import {
  DescribeAccountAttributesCommand,
  DescribeAddressesCommand,
  DescribeAvailabilityZonesCommand,
  DescribeInstanceTypeOfferingsCommand,
  DescribeInstanceTypesCommand,
  DescribeVpcsCommand,
  type EC2Client,
  paginateDescribeInstances,
} from '@aws-sdk/client-ec2';
import { GetServiceQuotaCommand, type ServiceQuotasClient } from '@aws-sdk/client-service-quotas';
import { ListHostedZonesByNameCommand } from '@aws-sdk/client-route-53';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { awsZones, cloudPlacement, instanceTypeOf, machinesOf, platformOf, type Cluster } from '@strata/cluster-config';
import { withoutSecrets, type Credential, type DriverContext } from '@strata/driver-api';
import type { FieldProblem } from '@strata/errors';
import { AWS_CREDENTIAL_KINDS, awsClients } from './clients';
import { awsCode } from './errors';

const P = 'spec.platform.aws';

/** Service Quotas codes: On-Demand vCPUs of the standard families, and VPCs per region. */
export const STANDARD_VCPU_QUOTA = { service: 'ec2', code: 'L-1216C47A' } as const;
export const VPCS_PER_REGION_QUOTA = { service: 'vpc', code: 'L-F678F1CE' } as const;

/** Instance families counted against the standard On-Demand vCPU quota (A, C, D, H, I, M, R, T, Z). */
export function isStandardFamily(instanceType: string): boolean {
  return /^[acdhimrtz]/.test(instanceType);
}

/**
 * The problem, if any, of running `machines` (instance type per machine) next to `inUse`
 * vCPUs already running, under a standard vCPU quota of `quota`.
 */
export function vcpuProblem(machines: string[], vcpus: ReadonlyMap<string, number>, inUse: number, quota: number): FieldProblem | undefined {
  const needed = machines.filter(isStandardFamily).reduce((sum, t) => sum + (vcpus.get(t) ?? 0), 0);
  if (inUse + needed <= quota) return undefined;
  return {
    path: 'spec.workers',
    message: `the machines need ${needed} On-Demand vCPUs and ${inUse} of the account's ${quota} are in use in this region; lower the replicas or machine types, or raise the quota ${STANDARD_VCPU_QUOTA.code} (Running On-Demand Standard instances) in Service Quotas`,
  };
}

/** A quota's value, or undefined when Service Quotas does not know it here (a region or an emulator without it) or may not be read. */
async function quotaValue(quotas: ServiceQuotasClient, quota: { service: string; code: string }): Promise<number | undefined> {
  try {
    const res = await quotas.send(new GetServiceQuotaCommand({ ServiceCode: quota.service, QuotaCode: quota.code }));
    return res.Quota?.Value;
  } catch (error) {
    if (['NoSuchResourceException', 'AccessDeniedException', 'ServiceException'].includes(awsCode(error) ?? '')) return undefined;
    throw error;
  }
}

/** Default vCPUs per instance type. */
async function vcpusOf(ec2: EC2Client, types: string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const unique = [...new Set(types)];
  for (let i = 0; i < unique.length; i += 100) {
    const res = await ec2.send(new DescribeInstanceTypesCommand({ InstanceTypes: unique.slice(i, i + 100) as never }));
    for (const t of res.InstanceTypes ?? []) out.set(t.InstanceType ?? '', t.VCpuInfo?.DefaultVCpus ?? 0);
  }
  return out;
}

/** The vCPU quota and the VPCs-per-region quota against what the cluster adds to what runs already. */
async function quotaProblems(cluster: Cluster, ec2: EC2Client, quotas: ServiceQuotasClient): Promise<FieldProblem[]> {
  const problems: FieldProblem[] = [];
  const vcpuQuota = await quotaValue(quotas, STANDARD_VCPU_QUOTA);
  if (vcpuQuota !== undefined) {
    const machines = machinesOf(cluster).map((m) =>
      instanceTypeOf(
        cluster,
        m.role === 'control-plane' ? cluster.spec.controlPlane.machineType : (cluster.spec.workers.find((w) => w.name === m.pool)?.machineType ?? 'medium'),
      ),
    );
    // Every page: an account with more instances than one answer holds counts them all.
    const live: string[] = [];
    const pages = paginateDescribeInstances({ client: ec2, pageSize: 1000 }, { Filters: [{ Name: 'instance-state-name', Values: ['pending', 'running'] }] });
    for await (const page of pages) live.push(...(page.Reservations ?? []).flatMap((r) => r.Instances ?? []).map((i) => String(i.InstanceType ?? '')));
    const vcpus = await vcpusOf(ec2, [...machines, ...live].filter(isStandardFamily));
    const inUse = live.filter(isStandardFamily).reduce((sum, t) => sum + (vcpus.get(t) ?? 0), 0);
    const problem = vcpuProblem(machines, vcpus, inUse, vcpuQuota);
    if (problem) problems.push(problem);
  }
  const vpcQuota = await quotaValue(quotas, VPCS_PER_REGION_QUOTA);
  if (vpcQuota !== undefined) {
    const vpcs = (await ec2.send(new DescribeVpcsCommand({}))).Vpcs ?? [];
    if (vpcs.length + 1 > vpcQuota)
      problems.push({
        path: P,
        message: `the account has ${vpcs.length} of ${vpcQuota} VPCs in this region and the cluster needs one more; delete one or raise the quota ${VPCS_PER_REGION_QUOTA.code} (VPCs per Region)`,
      });
  }
  return problems;
}

/** The cluster name's room: `api-int.<name>.<baseDomain>` must stay a valid DNS name (253, labels 63). */
function nameProblems(cluster: Cluster): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const fqdn = `api-int.${cluster.metadata.name}.${cluster.spec.baseDomain ?? ''}`;
  if (fqdn.length > 253)
    problems.push({
      path: 'metadata.name',
      message: `api-int.${cluster.metadata.name}.<baseDomain> is ${fqdn.length} characters; DNS allows 253, use a shorter name or baseDomain`,
    });
  if (!cluster.spec.baseDomain)
    problems.push({ path: 'spec.baseDomain', message: 'is required on aws: the API is published as api.<name>.<baseDomain> in its Route 53 zone' });
  return problems;
}

/**
 * What AWS must allow before anything is created: credentials, the region and zones, the
 * instance types in every zone, room for the Elastic IP and the instances' vCPUs, the
 * public Route 53 zone of baseDomain, names within DNS limits. Every problem at once.
 */
export async function awsPreflight(cluster: Cluster, credential?: Credential): Promise<FieldProblem[]> {
  const platform = platformOf(cluster);
  if (platform.name !== 'aws') return [{ path: 'spec.platform', message: 'the AWS driver needs spec.platform.aws' }];
  const problems = nameProblems(cluster);
  try {
    // The subnets per zone and every machine's fixed address in its zone's subnet.
    cloudPlacement(cluster);
  } catch (error) {
    problems.push({ path: 'spec.networking.machineCIDR', message: (error as Error).message });
  }
  const { ec2, sts, route53, quotas } = awsClients(cluster, credential);
  try {
    await sts.send(new GetCallerIdentityCommand({}));
  } catch (error) {
    const why = withoutSecrets(`${awsCode(error) ?? 'error'}: ${(error as Error).message}`, credential, AWS_CREDENTIAL_KINDS);
    problems.push({
      path: P,
      message: credential
        ? `AWS refused the stored access key (${why}); check its access key ID and secret access key, or store another credential`
        : `AWS refused the credentials (${why}); set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE or another source of the SDK's default chain`,
    });
    return problems;
  }
  const zones = awsZones(cluster);
  let offered = new Set<string>();
  try {
    const res = await ec2.send(new DescribeAvailabilityZonesCommand({ AllAvailabilityZones: false }));
    offered = new Set((res.AvailabilityZones ?? []).filter((z) => z.State === 'available').map((z) => z.ZoneName ?? ''));
    if (offered.size === 0) problems.push({ path: `${P}.region`, message: `region ${platform.config.region} has no available zones; check the region name` });
  } catch (error) {
    problems.push({
      path: `${P}.region`,
      message: `region ${platform.config.region} did not answer (${awsCode(error) ?? 'error'}: ${(error as Error).message})`,
    });
    return problems;
  }
  zones.forEach((zone, i) => {
    if (!offered.has(zone)) {
      problems.push({
        path: platform.config.zones.length > 0 ? `${P}.zones.${i}` : `${P}.zones`,
        message: `zone ${zone} is not available in ${platform.config.region}; available: ${[...offered].sort().join(', ')}`,
      });
    }
  });
  const types = new Map<string, string>();
  types.set(instanceTypeOf(cluster, cluster.spec.controlPlane.machineType), 'spec.controlPlane.machineType');
  cluster.spec.workers.forEach((w, i) => {
    const t = instanceTypeOf(cluster, w.machineType);
    if (!types.has(t)) types.set(t, `spec.workers.${i}.machineType`);
  });
  const usable = zones.filter((z) => offered.has(z));
  if (usable.length > 0) {
    const res = await ec2.send(
      new DescribeInstanceTypeOfferingsCommand({
        LocationType: 'availability-zone',
        Filters: [
          { Name: 'instance-type', Values: [...types.keys()] },
          { Name: 'location', Values: usable },
        ],
      }),
    );
    const have = new Set((res.InstanceTypeOfferings ?? []).map((o) => `${o.InstanceType}@${o.Location}`));
    for (const [type, path] of types) {
      const missing = usable.filter((z) => !have.has(`${type}@${z}`));
      if (missing.length > 0)
        problems.push({ path, message: `instance type ${type} is not offered in ${missing.join(', ')}; pick another machine type or set ${P}.instanceTypes` });
    }
  }
  const attrs = await ec2.send(new DescribeAccountAttributesCommand({ AttributeNames: ['vpc-max-elastic-ips', 'max-instances'] as never }));
  const attr = (name: string) => Number(attrs.AccountAttributes?.find((a) => a.AttributeName === name)?.AttributeValues?.[0]?.AttributeValue ?? 'NaN');
  const maxEips = attr('vpc-max-elastic-ips');
  const addresses = await ec2.send(new DescribeAddressesCommand({}));
  if (Number.isFinite(maxEips) && (addresses.Addresses ?? []).length + 1 > maxEips) {
    problems.push({
      path: P,
      message: `the account has ${(addresses.Addresses ?? []).length} of ${maxEips} Elastic IPs in use and the NAT gateway needs one more; release one or raise the quota`,
    });
  }
  const maxInstances = attr('max-instances');
  const machines = machinesOf(cluster).length;
  if (Number.isFinite(maxInstances) && machines > maxInstances) {
    problems.push({
      path: 'spec.workers',
      message: `${machines} machines exceed the account's limit of ${maxInstances} instances; lower the replicas or raise the quota`,
    });
  }
  problems.push(...(await quotaProblems(cluster, ec2, quotas)));
  if (cluster.spec.baseDomain) {
    const res = await route53.send(new ListHostedZonesByNameCommand({ DNSName: cluster.spec.baseDomain, MaxItems: 100 }));
    const found = (res.HostedZones ?? []).some((z) => z.Name === `${cluster.spec.baseDomain}.` && !z.Config?.PrivateZone);
    if (!found)
      problems.push({
        path: 'spec.baseDomain',
        message: `there is no public Route 53 hosted zone ${cluster.spec.baseDomain} in this account; create it or name one that exists`,
      });
  }
  return problems;
}

export function validateAws(ctx: DriverContext): Promise<FieldProblem[]> {
  return awsPreflight(ctx.cluster, ctx.credential);
}

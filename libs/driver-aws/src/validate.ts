import {
  DescribeAccountAttributesCommand,
  DescribeAddressesCommand,
  DescribeAvailabilityZonesCommand,
  DescribeInstanceTypeOfferingsCommand,
} from '@aws-sdk/client-ec2';
import { ListHostedZonesByNameCommand } from '@aws-sdk/client-route-53';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { cloudPlacement, instanceTypeOf, machinesOf, platformOf, type Cluster } from '@strata/cluster-config';
import type { DriverContext } from '@strata/driver-api';
import type { FieldProblem } from '@strata/errors';
import { awsClients } from './clients';
import { awsCode } from './errors';
import { zonesOf } from './plan';

const P = 'spec.platform.aws';

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
export async function awsPreflight(cluster: Cluster): Promise<FieldProblem[]> {
  const platform = platformOf(cluster);
  if (platform.name !== 'aws') return [{ path: 'spec.platform', message: 'the AWS driver needs spec.platform.aws' }];
  const problems = nameProblems(cluster);
  try {
    // The subnets per zone and every machine's fixed address in its zone's subnet.
    cloudPlacement(cluster);
  } catch (error) {
    problems.push({ path: 'spec.networking.machineCIDR', message: (error as Error).message });
  }
  const { ec2, sts, route53 } = awsClients(cluster);
  try {
    await sts.send(new GetCallerIdentityCommand({}));
  } catch (error) {
    problems.push({
      path: P,
      message: `AWS refused the credentials (${awsCode(error) ?? 'error'}: ${(error as Error).message}); set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE or another source of the SDK's default chain`,
    });
    return problems;
  }
  const zones = zonesOf(cluster);
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
  return awsPreflight(ctx.cluster);
}

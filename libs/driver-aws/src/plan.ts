import { awsSubnetPlan, cloudPlacement, instanceTypeOf, machinesOf, platformOf } from '@strata/cluster-config';
import { platformName, stepTags, type DriverContext, type InfraPlan, type PlanStep } from '@strata/driver-api';
import { securityGroupRules } from './security-rules';
import { policyFor } from './policies';

/** Root volume size per machine type, in GiB (gp3). */
export const ROOT_VOLUME_GIB: Record<string, number> = { small: 40, medium: 80, large: 120 };

/**
 * The AWS infrastructure of a cluster, pure and deterministic: VPC, internet gateway,
 * per zone a public and a private subnet, one NAT gateway with its Elastic IP, the public
 * and private route tables, security groups, IAM roles, the S3 bucket of the machines'
 * Ignition configs, the API load balancer, DNS records, and one instance per machine.
 */
export function awsPlan(ctx: DriverContext): InfraPlan {
  const cluster = ctx.cluster;
  const name = cluster.metadata.name;
  const id = ctx.clusterId;
  const nm = (kind: string, suffix: string) => platformName('aws', kind, name, id, suffix);
  const steps: PlanStep[] = [];
  const step = (stepId: string, kind: string, stepName: string, dependsOn: string[], spec: Record<string, unknown>) =>
    steps.push({ id: stepId, kind, name: stepName, dependsOn, spec, tags: stepTags(ctx.tags, stepId) });
  const subnets = awsSubnetPlan(cluster);
  const platform = platformOf(cluster);
  const aws = platform.name === 'aws' ? platform.config : undefined;

  step('network/vpc', 'vpc', nm('vpc', 'vpc'), [], { cidr: cluster.spec.networking.machineCIDR });
  step('network/internet-gateway', 'internet-gateway', nm('igw', 'igw'), ['network/vpc'], {});
  for (const s of subnets) {
    step(`network/subnet-public-${s.zone}`, 'subnet', nm('subnet', `public-${s.zone}`), ['network/vpc'], { zone: s.zone, cidr: s.public, public: true });
    step(`network/subnet-private-${s.zone}`, 'subnet', nm('subnet', `private-${s.zone}`), ['network/vpc'], { zone: s.zone, cidr: s.private, public: false });
  }
  const publicSubnets = subnets.map((s) => `network/subnet-public-${s.zone}`);
  const privateSubnets = subnets.map((s) => `network/subnet-private-${s.zone}`);
  step('network/route-table-public', 'route-table', nm('rtb', 'public'), ['network/vpc', 'network/internet-gateway', ...publicSubnets], {
    via: 'internet-gateway',
    subnets: publicSubnets,
  });
  step('network/nat-eip', 'elastic-ip', nm('eip', 'nat'), ['network/internet-gateway'], {});
  step('network/nat-gateway', 'nat-gateway', nm('nat', 'nat'), ['network/nat-eip', publicSubnets[0] ?? '', 'network/route-table-public'], {
    subnet: publicSubnets[0],
  });
  step('network/route-table-private', 'route-table', nm('rtb', 'private'), ['network/vpc', 'network/nat-gateway', ...privateSubnets], {
    via: 'nat-gateway',
    subnets: privateSubnets,
  });
  const rules = securityGroupRules(cluster);
  step('security-group/control-plane', 'security-group', nm('security-group', 'control-plane'), ['network/vpc'], {
    description: `control plane of ${name}`,
    rules: rules.controlPlane,
  });
  step('security-group/worker', 'security-group', nm('security-group', 'worker'), ['network/vpc'], { description: `workers of ${name}`, rules: rules.worker });
  const bucket = nm('bucket', 'ignition').slice(0, 63);
  step('storage/ignition-bucket', 'bucket', bucket, [], {});
  for (const role of ['control-plane', 'worker'] as const) {
    step(`iam/${role}`, 'instance-role', nm('role', role).slice(0, 64), ['storage/ignition-bucket'], { role, policy: policyFor(role, bucket) });
  }
  step('load-balancer/api', 'load-balancer', nm('load-balancer', 'api'), ['network/vpc', ...publicSubnets, 'network/route-table-public'], {
    subnets: publicSubnets,
    targetGroup: nm('target-group', 'api'),
    port: 6443,
  });
  const domain = `${name}.${cluster.spec.baseDomain}`;
  step('dns/api', 'dns-record', `api.${domain}`, ['load-balancer/api'], { zone: cluster.spec.baseDomain, private: false });
  step('dns/api-int', 'dns-record', `api-int.${domain}`, ['load-balancer/api', 'network/vpc'], { zone: `${domain}`, private: true });
  const placement = cloudPlacement(cluster);
  for (const [i, m] of machinesOf(cluster).entries()) {
    const pool = m.role === 'control-plane' ? cluster.spec.controlPlane : cluster.spec.workers.find((w) => w.name === m.pool);
    const machineType = pool?.machineType ?? 'medium';
    const zone = placement[i]?.zone ?? '';
    const role = m.role;
    step(
      `machine/${m.name}`,
      'machine',
      m.name,
      [
        `network/subnet-private-${zone}`,
        'network/route-table-private',
        `security-group/${role}`,
        `iam/${role}`,
        'storage/ignition-bucket',
        ...(role === 'control-plane' ? ['load-balancer/api'] : []),
      ],
      {
        role,
        pool: m.pool,
        zone,
        // The address the certificates and etcd peer URLs name (see cloudPlacement).
        privateIp: placement[i]?.address ?? '',
        instanceType: instanceTypeOf(cluster, machineType),
        rootVolumeGiB: ROOT_VOLUME_GIB[machineType] ?? 80,
        subnet: `network/subnet-private-${zone}`,
        securityGroup: `security-group/${role}`,
        instanceRole: `iam/${role}`,
        bucket: 'storage/ignition-bucket',
        ...(aws?.amiId ? { amiId: aws.amiId } : {}),
        channel: cluster.spec.os.channel,
      },
    );
  }
  return { cluster: name, platform: 'aws', steps };
}

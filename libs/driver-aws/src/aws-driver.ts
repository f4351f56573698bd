import {
  DeleteInternetGatewayCommand,
  DeleteNatGatewayCommand,
  DeleteRouteTableCommand,
  DeleteSecurityGroupCommand,
  DeleteSubnetCommand,
  DeleteVpcCommand,
  DescribeAddressesCommand,
  DescribeInstancesCommand,
  DescribeInternetGatewaysCommand,
  DescribeNatGatewaysCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  DetachInternetGatewayCommand,
  DisassociateRouteTableCommand,
  ReleaseAddressCommand,
} from '@aws-sdk/client-ec2';
import { DeleteLoadBalancerCommand, DeleteTargetGroupCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { GetResourcesCommand } from '@aws-sdk/client-resource-groups-tagging-api';
import { machinesOf } from '@strata/cluster-config';
import {
  awsOwnership,
  CLUSTER_ID_TAG,
  DRIVER_CONTRACT_VERSION,
  type Driver,
  type DriverContext,
  type MachineInfo,
  type OwnedResource,
  withRetries,
} from '@strata/driver-api';
import { awsCatalog } from './catalog';
import { awsClients } from './clients';
import { call, callOrGone } from './errors';
import { bucketHandler } from './handlers/bucket';
import { dnsRecordHandler } from './handlers/dns-record';
import { instanceRoleHandler } from './handlers/instance-role';
import { loadBalancerHandler } from './handlers/load-balancer';
import { LIVE_STATES, machineHandler, terminate } from './handlers/machine';
import { elasticIpHandler, internetGatewayHandler, natGatewayHandler, routeTableHandler, subnetHandler, vpcHandler } from './handlers/network';
import { securityGroupHandler } from './handlers/security-group';
import { awsPlan } from './plan';
import { clusterFilters, tagRecord } from './tags';
import { awsPreflight, validateAws } from './validate';
import { deleteWhenFree, waitUntil } from './wait';

const handlers = {
  vpc: vpcHandler,
  'internet-gateway': internetGatewayHandler,
  subnet: subnetHandler,
  'route-table': routeTableHandler,
  'elastic-ip': elasticIpHandler,
  'nat-gateway': natGatewayHandler,
  'security-group': securityGroupHandler,
  bucket: bucketHandler,
  'instance-role': instanceRoleHandler,
  'load-balancer': loadBalancerHandler,
  'dns-record': dnsRecordHandler,
  machine: machineHandler,
};

async function listMachines(ctx: DriverContext): Promise<MachineInfo[]> {
  const { ec2 } = awsClients(ctx.cluster, ctx.credential);
  const res = await call('listing instances', () =>
    ec2.send(new DescribeInstancesCommand({ Filters: [...clusterFilters(ctx), { Name: 'instance-state-name', Values: LIVE_STATES }] })),
  );
  const roles = new Map(machinesOf(ctx.cluster).map((m) => [m.name, m.role]));
  return (res.Reservations ?? [])
    .flatMap((r) => r.Instances ?? [])
    .flatMap((i): MachineInfo[] => {
      const name = tagRecord(i.Tags)['Name'] ?? '';
      const role = roles.get(name);
      if (!role) return [];
      const state = i.State?.Name;
      return [
        {
          name,
          role,
          providerID: `aws:///${i.Placement?.AvailabilityZone ?? ''}/${i.InstanceId ?? ''}`,
          addresses: [
            ...(i.PrivateIpAddress ? [{ type: 'InternalIP' as const, address: i.PrivateIpAddress }] : []),
            ...(i.PublicIpAddress ? [{ type: 'ExternalIP' as const, address: i.PublicIpAddress }] : []),
            ...(i.PrivateDnsName ? [{ type: 'Hostname' as const, address: i.PrivateDnsName }] : []),
          ],
          state: state === 'running' ? 'running' : state === 'pending' ? 'pending' : 'stopped',
          detail: `${i.InstanceType ?? ''} in ${i.Placement?.AvailabilityZone ?? ''}, ${state ?? 'unknown'}`,
        },
      ];
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Sweep order: dependants before what they depend on. */
const SWEEP_ORDER = [
  'instance',
  'load-balancer',
  'target-group',
  'nat-gateway',
  'elastic-ip',
  'route-table',
  'security-group',
  'internet-gateway',
  'subnet',
  'vpc',
  'plan-step',
];

/**
 * Everything carrying the cluster id: EC2 resources by tag filter per service, load
 * balancers and target groups through the tagging API, and the plan's IAM roles, bucket
 * and DNS records, which are found by name and checked for the cluster's tag (the tagging
 * API does not list Route 53 zones everywhere, and IAM is global).
 */
async function sweep(ctx: DriverContext): Promise<OwnedResource[]> {
  const { ec2, tagging } = awsClients(ctx.cluster, ctx.credential);
  const f = clusterFilters(ctx);
  // Each listing retries on its own: a sweep is a dozen calls, and retrying all of them
  // whenever one is throttled would rarely get through a throttling account.
  const list = <T>(what: string, fn: () => Promise<T>) => withRetries(() => call(`sweeping ${what}`, fn), undefined, ctx.signal);
  const [instances, tagged, nats, eips, rts, sgs, igws, subnets, vpcs, steps] = await Promise.all([
    list('instances', () => ec2.send(new DescribeInstancesCommand({ Filters: [...f, { Name: 'instance-state-name', Values: LIVE_STATES }] }))),
    list('load balancers', () =>
      tagging.send(new GetResourcesCommand({ TagFilters: [{ Key: CLUSTER_ID_TAG, Values: [ctx.clusterId] }], ResourceTypeFilters: ['elasticloadbalancing'] })),
    ),
    list('NAT gateways', () => ec2.send(new DescribeNatGatewaysCommand({ Filter: [...f, { Name: 'state', Values: ['pending', 'available'] }] }))),
    list('Elastic IPs', () => ec2.send(new DescribeAddressesCommand({ Filters: f }))),
    list('route tables', () => ec2.send(new DescribeRouteTablesCommand({ Filters: f }))),
    list('security groups', () => ec2.send(new DescribeSecurityGroupsCommand({ Filters: f }))),
    list('internet gateways', () => ec2.send(new DescribeInternetGatewaysCommand({ Filters: f }))),
    list('subnets', () => ec2.send(new DescribeSubnetsCommand({ Filters: f }))),
    list('VPCs', () => ec2.send(new DescribeVpcsCommand({ Filters: f }))),
    Promise.all(
      awsPlan(ctx)
        .steps.filter((step) => ['instance-role', 'bucket', 'dns-record'].includes(step.kind))
        .map(async (step) => {
          const handler = handlers[step.kind as keyof typeof handlers];
          return (await withRetries(() => handler.find(ctx, step, step.spec), undefined, ctx.signal)) ? [step] : [];
        }),
    ),
  ]);
  const found: OwnedResource[] = [];
  const add = (kind: string, id: string | undefined, description: string) => id && found.push({ kind, id, description });
  for (const i of (instances.Reservations ?? []).flatMap((r) => r.Instances ?? []))
    add('instance', i.InstanceId, `instance ${tagRecord(i.Tags)['Name'] ?? i.InstanceId}`);
  for (const r of tagged.ResourceTagMappingList ?? []) {
    const arn = r.ResourceARN ?? '';
    add(arn.includes(':targetgroup/') ? 'target-group' : 'load-balancer', arn, arn.split(':').pop() ?? arn);
  }
  for (const n of nats.NatGateways ?? []) add('nat-gateway', n.NatGatewayId, `NAT gateway ${n.NatGatewayId}`);
  for (const a of eips.Addresses ?? []) add('elastic-ip', a.AllocationId, `Elastic IP ${a.PublicIp}`);
  for (const r of rts.RouteTables ?? []) add('route-table', r.RouteTableId, `route table ${r.RouteTableId}`);
  for (const g of sgs.SecurityGroups ?? []) add('security-group', g.GroupId, `security group ${g.GroupName}`);
  for (const g of igws.InternetGateways ?? []) add('internet-gateway', g.InternetGatewayId, `internet gateway ${g.InternetGatewayId}`);
  for (const s of subnets.Subnets ?? []) add('subnet', s.SubnetId, `subnet ${s.CidrBlock}`);
  for (const v of vpcs.Vpcs ?? []) add('vpc', v.VpcId, `VPC ${v.CidrBlock}`);
  for (const step of steps.flat()) add('plan-step', step.id, `${step.kind} ${step.name}`);
  return found.sort((a, b) => SWEEP_ORDER.indexOf(a.kind) - SWEEP_ORDER.indexOf(b.kind));
}

async function deleteOwned(ctx: DriverContext, r: OwnedResource): Promise<void> {
  const { ec2, elb } = awsClients(ctx.cluster, ctx.credential);
  const what = `deleting ${r.description}`;
  switch (r.kind) {
    case 'instance':
      return terminate(ec2, [r.id], r.description);
    case 'load-balancer':
      await callOrGone(what, () => elb.send(new DeleteLoadBalancerCommand({ LoadBalancerArn: r.id })));
      return;
    case 'target-group':
      await callOrGone(what, () => elb.send(new DeleteTargetGroupCommand({ TargetGroupArn: r.id })));
      return;
    case 'nat-gateway':
      await callOrGone(what, () => ec2.send(new DeleteNatGatewayCommand({ NatGatewayId: r.id })));
      return waitUntil(`waiting for ${r.description} to be deleted`, async () => {
        const d = await callOrGone(what, () => ec2.send(new DescribeNatGatewaysCommand({ NatGatewayIds: [r.id] })));
        return [undefined, 'deleted'].includes(d?.NatGateways?.[0]?.State);
      });
    case 'elastic-ip':
      await deleteWhenFree(what, () => ec2.send(new ReleaseAddressCommand({ AllocationId: r.id })));
      return;
    case 'route-table': {
      const d = await callOrGone(what, () => ec2.send(new DescribeRouteTablesCommand({ RouteTableIds: [r.id] })));
      for (const a of d?.RouteTables?.[0]?.Associations ?? []) {
        if (a.RouteTableAssociationId && !a.Main)
          await callOrGone(what, () => ec2.send(new DisassociateRouteTableCommand({ AssociationId: a.RouteTableAssociationId })));
      }
      await callOrGone(what, () => ec2.send(new DeleteRouteTableCommand({ RouteTableId: r.id })));
      return;
    }
    case 'security-group':
      await deleteWhenFree(what, () => ec2.send(new DeleteSecurityGroupCommand({ GroupId: r.id })));
      return;
    case 'internet-gateway': {
      const d = await callOrGone(what, () => ec2.send(new DescribeInternetGatewaysCommand({ InternetGatewayIds: [r.id] })));
      for (const a of d?.InternetGateways?.[0]?.Attachments ?? []) {
        if (a.VpcId) await deleteWhenFree(what, () => ec2.send(new DetachInternetGatewayCommand({ InternetGatewayId: r.id, VpcId: a.VpcId })));
      }
      await callOrGone(what, () => ec2.send(new DeleteInternetGatewayCommand({ InternetGatewayId: r.id })));
      return;
    }
    case 'subnet':
      await deleteWhenFree(what, () => ec2.send(new DeleteSubnetCommand({ SubnetId: r.id })));
      return;
    case 'vpc':
      await deleteWhenFree(what, () => ec2.send(new DeleteVpcCommand({ VpcId: r.id })));
      return;
    case 'plan-step': {
      const step = awsPlan(ctx).steps.find((s) => s.id === r.id);
      if (step) await handlers[step.kind as keyof typeof handlers].delete(ctx, step, undefined);
      return;
    }
  }
}

/**
 * The AWS provider: a VPC with public and private subnets per zone, a NAT gateway, security
 * groups, IAM instance roles, a network load balancer for the API with Route 53 records,
 * and one Flatcar EC2 instance per machine booting from its Ignition config.
 */
export const awsDriver: Driver = {
  platform: 'aws',
  contractVersion: DRIVER_CONTRACT_VERSION,
  ownership: awsOwnership,
  validate: validateAws,
  preflight: (cluster, _clusterId, credential) => awsPreflight(cluster, credential),
  plan: awsPlan,
  handlers,
  listMachines,
  sweep,
  deleteOwned,
  catalog: awsCatalog,
};

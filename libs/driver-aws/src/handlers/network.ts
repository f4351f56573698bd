import {
  AllocateAddressCommand,
  AssociateRouteTableCommand,
  AttachInternetGatewayCommand,
  CreateInternetGatewayCommand,
  CreateNatGatewayCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateSubnetCommand,
  CreateTagsCommand,
  CreateVpcCommand,
  DeleteInternetGatewayCommand,
  DeleteNatGatewayCommand,
  DeleteRouteTableCommand,
  DeleteSubnetCommand,
  DeleteVpcCommand,
  DescribeAddressesCommand,
  DescribeInternetGatewaysCommand,
  DescribeNatGatewaysCommand,
  DescribeRouteTablesCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  DetachInternetGatewayCommand,
  DisassociateRouteTableCommand,
  ModifySubnetAttributeCommand,
  ModifyVpcAttributeCommand,
  ReleaseAddressCommand,
} from '@aws-sdk/client-ec2';
import { z } from 'zod';
import { defineHandler, type StepInputs } from '@strata/driver-api';
import { ProviderError } from '@strata/errors';
import { awsClients } from '../clients';
import { awsCode, call, callOrGone } from '../errors';
import { COMPLETE_TAG, stepFilters, tagList, tagRecord } from '../tags';
import { deleteWhenFree, waitUntil } from '../wait';

function input(inputs: StepInputs, step: string, key: string): string {
  const value = inputs[step]?.[key];
  if (!value) throw new ProviderError(`the output ${key} of step ${step} is missing`);
  return value;
}

export const vpcHandler = defineHandler({
  spec: z.object({ cidr: z.string() }),
  outputs: z.strictObject({ vpcId: z.string().startsWith('vpc-') }),
  async find(ctx, step) {
    const res = await call(`finding VPC ${step.name}`, () =>
      awsClients(ctx.cluster, ctx.credential).ec2.send(new DescribeVpcsCommand({ Filters: stepFilters(ctx, step) })),
    );
    const vpc = res.Vpcs?.[0];
    // Complete only once create set its DNS attributes and marked it (DescribeVpcs does not show them).
    return vpc?.VpcId && tagRecord(vpc.Tags)[COMPLETE_TAG] === 'true' ? { vpcId: vpc.VpcId } : undefined;
  },
  async create(ctx, step, spec) {
    const { ec2 } = awsClients(ctx.cluster, ctx.credential);
    const what = `creating VPC ${step.name}`;
    // A VPC made by a create cut short is finished, not made again.
    const existing = await call(what, () => ec2.send(new DescribeVpcsCommand({ Filters: stepFilters(ctx, step) })));
    let vpcId = existing.Vpcs?.[0]?.VpcId;
    if (!vpcId) {
      const res = await call(what, () =>
        ec2.send(new CreateVpcCommand({ CidrBlock: spec.cidr, TagSpecifications: [{ ResourceType: 'vpc', Tags: tagList(ctx, step) }] })),
      );
      vpcId = res.Vpc?.VpcId ?? '';
    }
    // Instances get DNS names, which the kubelet uses for its node name with the AWS cloud provider.
    await call(what, () => ec2.send(new ModifyVpcAttributeCommand({ VpcId: vpcId, EnableDnsSupport: { Value: true } })));
    await call(what, () => ec2.send(new ModifyVpcAttributeCommand({ VpcId: vpcId, EnableDnsHostnames: { Value: true } })));
    await call(what, () => ec2.send(new CreateTagsCommand({ Resources: [vpcId], Tags: [{ Key: COMPLETE_TAG, Value: 'true' }] })));
    return { vpcId };
  },
  async delete(ctx, step, outputs) {
    if (!outputs?.['vpcId']) return;
    await deleteWhenFree(`deleting VPC ${step.name}`, () =>
      awsClients(ctx.cluster, ctx.credential).ec2.send(new DeleteVpcCommand({ VpcId: outputs['vpcId'] })),
    );
  },
});

export const internetGatewayHandler = defineHandler({
  spec: z.object({}),
  outputs: z.strictObject({ internetGatewayId: z.string().startsWith('igw-'), vpcId: z.string() }),
  async find(ctx, step) {
    const res = await call(`finding internet gateway ${step.name}`, () =>
      awsClients(ctx.cluster, ctx.credential).ec2.send(new DescribeInternetGatewaysCommand({ Filters: stepFilters(ctx, step) })),
    );
    const igw = res.InternetGateways?.[0];
    const vpcId = igw?.Attachments?.[0]?.VpcId;
    return igw?.InternetGatewayId && vpcId ? { internetGatewayId: igw.InternetGatewayId, vpcId } : undefined;
  },
  async create(ctx, step, _spec, inputs) {
    const { ec2 } = awsClients(ctx.cluster, ctx.credential);
    const what = `creating internet gateway ${step.name}`;
    const vpcId = input(inputs, 'network/vpc', 'vpcId');
    // A gateway made by a create cut short before its attachment is attached now, not made again.
    const existing = await call(what, () => ec2.send(new DescribeInternetGatewaysCommand({ Filters: stepFilters(ctx, step) })));
    let igw = existing.InternetGateways?.[0];
    if (!igw) {
      const res = await call(what, () =>
        ec2.send(new CreateInternetGatewayCommand({ TagSpecifications: [{ ResourceType: 'internet-gateway', Tags: tagList(ctx, step) }] })),
      );
      igw = res.InternetGateway;
    }
    const internetGatewayId = igw?.InternetGatewayId ?? '';
    if (!igw?.Attachments?.some((a) => a.VpcId === vpcId)) {
      await call(what, () => ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: internetGatewayId, VpcId: vpcId })));
    }
    return { internetGatewayId, vpcId };
  },
  async delete(ctx, step, outputs) {
    const { ec2 } = awsClients(ctx.cluster, ctx.credential);
    const id = outputs?.['internetGatewayId'];
    if (!id) return;
    const what = `deleting internet gateway ${step.name}`;
    // Detaching waits while public addresses are still mapped in the VPC (a NAT gateway or instances going away).
    // Gateway.NotAttached: detached by an earlier attempt of this delete whose next call was throttled.
    const detach = () =>
      ec2.send(new DetachInternetGatewayCommand({ InternetGatewayId: id, VpcId: outputs['vpcId'] })).catch((error: unknown) => {
        if (awsCode(error) !== 'Gateway.NotAttached') throw error;
      });
    if (outputs['vpcId']) await deleteWhenFree(what, detach);
    await callOrGone(what, () => ec2.send(new DeleteInternetGatewayCommand({ InternetGatewayId: id })));
  },
});

export const subnetHandler = defineHandler({
  spec: z.object({ zone: z.string(), cidr: z.string(), public: z.boolean() }),
  outputs: z.strictObject({ subnetId: z.string().startsWith('subnet-'), zone: z.string(), cidr: z.string() }),
  async find(ctx, step, spec) {
    const res = await call(`finding subnet ${step.name}`, () =>
      awsClients(ctx.cluster, ctx.credential).ec2.send(new DescribeSubnetsCommand({ Filters: stepFilters(ctx, step) })),
    );
    const s = res.Subnets?.[0];
    // A public subnet is complete once it maps public addresses on launch (a create cut short is finished by create).
    if (!s?.SubnetId || (spec.public && !s.MapPublicIpOnLaunch)) return undefined;
    return { subnetId: s.SubnetId, zone: s.AvailabilityZone ?? '', cidr: s.CidrBlock ?? '' };
  },
  async create(ctx, step, spec, inputs) {
    const { ec2 } = awsClients(ctx.cluster, ctx.credential);
    const what = `creating subnet ${step.name}`;
    // The AWS cloud provider puts internet-facing load balancers in subnets tagged elb, internal ones in internal-elb.
    const role = spec.public ? 'kubernetes.io/role/elb' : 'kubernetes.io/role/internal-elb';
    const existing = await call(what, () => ec2.send(new DescribeSubnetsCommand({ Filters: stepFilters(ctx, step) })));
    let subnetId = existing.Subnets?.[0]?.SubnetId;
    if (!subnetId) {
      const res = await call(what, () =>
        ec2.send(
          new CreateSubnetCommand({
            VpcId: input(inputs, 'network/vpc', 'vpcId'),
            CidrBlock: spec.cidr,
            AvailabilityZone: spec.zone,
            TagSpecifications: [{ ResourceType: 'subnet', Tags: [...tagList(ctx, step), { Key: role, Value: '1' }] }],
          }),
        ),
      );
      subnetId = res.Subnet?.SubnetId ?? '';
    }
    if (spec.public) await call(what, () => ec2.send(new ModifySubnetAttributeCommand({ SubnetId: subnetId, MapPublicIpOnLaunch: { Value: true } })));
    return { subnetId, zone: spec.zone, cidr: spec.cidr };
  },
  async delete(ctx, step, outputs) {
    const { ec2 } = awsClients(ctx.cluster, ctx.credential);
    const id = outputs?.['subnetId'];
    if (!id) return;
    // The network interfaces of a deleted load balancer or terminated instance linger for a while and hold the subnet.
    await deleteWhenFree(`deleting subnet ${step.name}`, () => ec2.send(new DeleteSubnetCommand({ SubnetId: id })));
  },
});

export const routeTableHandler = defineHandler({
  spec: z.object({ via: z.enum(['internet-gateway', 'nat-gateway']), subnets: z.array(z.string()) }),
  outputs: z.strictObject({ routeTableId: z.string().startsWith('rtb-') }),
  async find(ctx, step, spec) {
    const res = await call(`finding route table ${step.name}`, () =>
      awsClients(ctx.cluster, ctx.credential).ec2.send(new DescribeRouteTablesCommand({ Filters: stepFilters(ctx, step) })),
    );
    const rt = res.RouteTables?.[0];
    // Complete only once the default route and every association are there (a create cut short is finished by create).
    const complete = rt?.Routes?.some((r) => r.DestinationCidrBlock === '0.0.0.0/0') && (rt.Associations ?? []).length >= spec.subnets.length;
    return rt?.RouteTableId && complete ? { routeTableId: rt.RouteTableId } : undefined;
  },
  async create(ctx, step, spec, inputs) {
    const { ec2 } = awsClients(ctx.cluster, ctx.credential);
    const what = `creating route table ${step.name}`;
    const existing = await call(what, () => ec2.send(new DescribeRouteTablesCommand({ Filters: stepFilters(ctx, step) })));
    let rt = existing.RouteTables?.[0];
    if (!rt) {
      const res = await call(what, () =>
        ec2.send(
          new CreateRouteTableCommand({
            VpcId: input(inputs, 'network/vpc', 'vpcId'),
            TagSpecifications: [{ ResourceType: 'route-table', Tags: tagList(ctx, step) }],
          }),
        ),
      );
      rt = res.RouteTable;
    }
    const routeTableId = rt?.RouteTableId ?? '';
    if (!rt?.Routes?.some((r) => r.DestinationCidrBlock === '0.0.0.0/0')) {
      const target =
        spec.via === 'internet-gateway'
          ? { GatewayId: input(inputs, 'network/internet-gateway', 'internetGatewayId') }
          : { NatGatewayId: input(inputs, 'network/nat-gateway', 'natGatewayId') };
      await call(what, () => ec2.send(new CreateRouteCommand({ RouteTableId: routeTableId, DestinationCidrBlock: '0.0.0.0/0', ...target })));
    }
    const associated = new Set((rt?.Associations ?? []).map((a) => a.SubnetId));
    for (const subnet of spec.subnets) {
      const subnetId = input(inputs, subnet, 'subnetId');
      if (!associated.has(subnetId)) await call(what, () => ec2.send(new AssociateRouteTableCommand({ RouteTableId: routeTableId, SubnetId: subnetId })));
    }
    return { routeTableId };
  },
  async delete(ctx, step, outputs) {
    const { ec2 } = awsClients(ctx.cluster, ctx.credential);
    const id = outputs?.['routeTableId'];
    if (!id) return;
    const what = `deleting route table ${step.name}`;
    const res = await callOrGone(what, () => ec2.send(new DescribeRouteTablesCommand({ RouteTableIds: [id] })));
    for (const a of res?.RouteTables?.[0]?.Associations ?? []) {
      if (a.RouteTableAssociationId && !a.Main)
        await callOrGone(what, () => ec2.send(new DisassociateRouteTableCommand({ AssociationId: a.RouteTableAssociationId })));
    }
    await callOrGone(what, () => ec2.send(new DeleteRouteTableCommand({ RouteTableId: id })));
  },
});

export const elasticIpHandler = defineHandler({
  spec: z.object({}),
  outputs: z.strictObject({ allocationId: z.string().startsWith('eipalloc-'), publicIp: z.string() }),
  async find(ctx, step) {
    const res = await call(`finding Elastic IP ${step.name}`, () =>
      awsClients(ctx.cluster, ctx.credential).ec2.send(new DescribeAddressesCommand({ Filters: stepFilters(ctx, step) })),
    );
    const a = res.Addresses?.[0];
    return a?.AllocationId ? { allocationId: a.AllocationId, publicIp: a.PublicIp ?? '' } : undefined;
  },
  async create(ctx, step) {
    const res = await call(`allocating Elastic IP ${step.name}`, () =>
      awsClients(ctx.cluster, ctx.credential).ec2.send(
        new AllocateAddressCommand({ Domain: 'vpc', TagSpecifications: [{ ResourceType: 'elastic-ip', Tags: tagList(ctx, step) }] }),
      ),
    );
    return { allocationId: res.AllocationId ?? '', publicIp: res.PublicIp ?? '' };
  },
  async delete(ctx, step, outputs) {
    if (!outputs?.['allocationId']) return;
    await deleteWhenFree(`releasing Elastic IP ${step.name}`, () =>
      awsClients(ctx.cluster, ctx.credential).ec2.send(new ReleaseAddressCommand({ AllocationId: outputs['allocationId'] })),
    );
  },
});

const LIVE_NAT = ['pending', 'available'];

export const natGatewayHandler = defineHandler({
  spec: z.object({ subnet: z.string() }),
  outputs: z.strictObject({ natGatewayId: z.string().startsWith('nat-') }),
  async find(ctx, step) {
    const res = await call(`finding NAT gateway ${step.name}`, () =>
      awsClients(ctx.cluster, ctx.credential).ec2.send(
        new DescribeNatGatewaysCommand({ Filter: [...stepFilters(ctx, step), { Name: 'state', Values: LIVE_NAT }] }),
      ),
    );
    const nat = res.NatGateways?.[0];
    return nat?.NatGatewayId ? { natGatewayId: nat.NatGatewayId } : undefined;
  },
  async create(ctx, step, spec, inputs) {
    const { ec2 } = awsClients(ctx.cluster, ctx.credential);
    const res = await call(`creating NAT gateway ${step.name}`, () =>
      ec2.send(
        new CreateNatGatewayCommand({
          SubnetId: input(inputs, spec.subnet, 'subnetId'),
          AllocationId: input(inputs, 'network/nat-eip', 'allocationId'),
          // Idempotent on AWS's side too: a repeated call with this token returns the same gateway.
          ClientToken: `${ctx.clusterId}-${step.id}`.slice(0, 64),
          TagSpecifications: [{ ResourceType: 'natgateway', Tags: tagList(ctx, step) }],
        }),
      ),
    );
    const natGatewayId = res.NatGateway?.NatGatewayId ?? '';
    await waitUntil(`waiting for NAT gateway ${step.name} to be available`, async () => {
      const d = await call(`reading NAT gateway ${step.name}`, () => ec2.send(new DescribeNatGatewaysCommand({ NatGatewayIds: [natGatewayId] })));
      const state = d.NatGateways?.[0]?.State;
      if (state === 'failed') throw new ProviderError(`NAT gateway ${step.name} failed: ${d.NatGateways?.[0]?.FailureMessage ?? 'no reason given'}`);
      return state === 'available';
    });
    return { natGatewayId };
  },
  async delete(ctx, step, outputs) {
    const { ec2 } = awsClients(ctx.cluster, ctx.credential);
    const id = outputs?.['natGatewayId'];
    if (!id) return;
    await callOrGone(`deleting NAT gateway ${step.name}`, () => ec2.send(new DeleteNatGatewayCommand({ NatGatewayId: id })));
    // Its Elastic IP and subnet can only go once the gateway is deleted.
    await waitUntil(`waiting for NAT gateway ${step.name} to be deleted`, async () => {
      const d = await callOrGone(`reading NAT gateway ${step.name}`, () => ec2.send(new DescribeNatGatewaysCommand({ NatGatewayIds: [id] })));
      const state = d?.NatGateways?.[0]?.State;
      return state === undefined || state === 'deleted';
    });
  },
});

import {
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  DeleteSecurityGroupCommand,
  DescribeSecurityGroupsCommand,
  type IpPermission,
} from '@aws-sdk/client-ec2';
import { z } from 'zod';
import { defineHandler } from '@strata/driver-api';
import { awsClients } from '../clients';
import { call } from '../errors';
import { deleteWhenFree } from '../wait';
import { stepFilters, tagList } from '../tags';

const Rule = z.object({
  description: z.string(),
  protocol: z.enum(['tcp', 'udp', 'icmp', '-1']),
  fromPort: z.number(),
  toPort: z.number(),
  source: z.string(),
});

export const securityGroupHandler = defineHandler({
  spec: z.object({ description: z.string(), rules: z.array(Rule) }),
  outputs: z.strictObject({ groupId: z.string().startsWith('sg-') }),
  async find(ctx, step, spec) {
    const res = await call(`finding security group ${step.name}`, () =>
      awsClients(ctx.cluster, ctx.credential).ec2.send(new DescribeSecurityGroupsCommand({ Filters: stepFilters(ctx, step) })),
    );
    const sg = res.SecurityGroups?.[0];
    // Complete once its rules are in (a create cut short between the group and its rules is finished by create).
    if (!sg?.GroupId || (spec.rules.length > 0 && (sg.IpPermissions ?? []).length === 0)) return undefined;
    return { groupId: sg.GroupId };
  },
  async create(ctx, step, spec, inputs) {
    const { ec2 } = awsClients(ctx.cluster, ctx.credential);
    const what = `creating security group ${step.name}`;
    const existing = await call(what, () => ec2.send(new DescribeSecurityGroupsCommand({ Filters: stepFilters(ctx, step) })));
    let groupId = existing.SecurityGroups?.[0]?.GroupId;
    if (!groupId) {
      const res = await call(what, () =>
        ec2.send(
          new CreateSecurityGroupCommand({
            GroupName: step.name,
            Description: spec.description,
            VpcId: inputs['network/vpc']?.['vpcId'],
            TagSpecifications: [{ ResourceType: 'security-group', Tags: tagList(ctx, step) }],
          }),
        ),
      );
      groupId = res.GroupId ?? '';
    }
    const id = groupId;
    const permissions: IpPermission[] = spec.rules.map((r) => ({
      IpProtocol: r.protocol,
      ...(r.protocol === '-1' ? {} : { FromPort: r.fromPort, ToPort: r.toPort }),
      ...(r.source === 'self'
        ? { UserIdGroupPairs: [{ GroupId: id, Description: r.description }] }
        : { IpRanges: [{ CidrIp: r.source, Description: r.description }] }),
    }));
    // All rules in one call.
    if (permissions.length > 0)
      await call(`${what}: adding its rules`, () => ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: id, IpPermissions: permissions })));
    return { groupId: id };
  },
  async delete(ctx, step, outputs) {
    if (!outputs?.['groupId']) return;
    await deleteWhenFree(`deleting security group ${step.name}`, () =>
      awsClients(ctx.cluster, ctx.credential).ec2.send(new DeleteSecurityGroupCommand({ GroupId: outputs['groupId'] })),
    );
  },
});

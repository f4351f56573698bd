import {
  AddRoleToInstanceProfileCommand,
  CreateInstanceProfileCommand,
  CreateRoleCommand,
  DeleteInstanceProfileCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  GetInstanceProfileCommand,
  GetRoleCommand,
  ListRolePoliciesCommand,
  PutRolePolicyCommand,
  RemoveRoleFromInstanceProfileCommand,
} from '@aws-sdk/client-iam';
import { z } from 'zod';
import { CLUSTER_ID_TAG, defineHandler } from '@strata/driver-api';
import { awsClients } from '../clients';
import { call, callOrGone } from '../errors';
import { awsTags } from '../tags';
import { EC2_TRUST_POLICY } from '../policies';

const POLICY_NAME = 'strata-node';

/** An IAM role with its inline least-privilege policy and an instance profile of the same name. */
export const instanceRoleHandler = defineHandler({
  spec: z.object({ role: z.enum(['control-plane', 'worker']), policy: z.record(z.string(), z.unknown()) }),
  outputs: z.strictObject({ roleName: z.string(), instanceProfileName: z.string(), instanceProfileArn: z.string().startsWith('arn:') }),
  async find(ctx, step) {
    const { iam } = awsClients(ctx.cluster, ctx.credential);
    const role = await callOrGone(`finding IAM role ${step.name}`, () => iam.send(new GetRoleCommand({ RoleName: step.name })));
    const owned = role?.Role?.Tags?.some((t) => t.Key === CLUSTER_ID_TAG && t.Value === ctx.clusterId);
    if (!owned) return undefined;
    const profile = await callOrGone(`finding instance profile ${step.name}`, () =>
      iam.send(new GetInstanceProfileCommand({ InstanceProfileName: step.name })),
    );
    const policies = await call(`finding IAM role ${step.name}`, () => iam.send(new ListRolePoliciesCommand({ RoleName: step.name })));
    const p = profile?.InstanceProfile;
    if (!p?.Arn || !(p.Roles ?? []).some((r) => r.RoleName === step.name) || !(policies.PolicyNames ?? []).includes(POLICY_NAME)) return undefined;
    return { roleName: step.name, instanceProfileName: step.name, instanceProfileArn: p.Arn };
  },
  async create(ctx, step, spec) {
    const { iam } = awsClients(ctx.cluster, ctx.credential);
    const what = `creating IAM role ${step.name}`;
    const Tags = Object.entries(awsTags(ctx, step)).map(([Key, Value]) => ({ Key, Value }));
    const existing = await callOrGone(what, () => iam.send(new GetRoleCommand({ RoleName: step.name })));
    if (!existing)
      await call(what, () => iam.send(new CreateRoleCommand({ RoleName: step.name, AssumeRolePolicyDocument: JSON.stringify(EC2_TRUST_POLICY), Tags })));
    await call(what, () => iam.send(new PutRolePolicyCommand({ RoleName: step.name, PolicyName: POLICY_NAME, PolicyDocument: JSON.stringify(spec.policy) })));
    let profile = (await callOrGone(what, () => iam.send(new GetInstanceProfileCommand({ InstanceProfileName: step.name }))))?.InstanceProfile;
    if (!profile) profile = (await call(what, () => iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: step.name, Tags })))).InstanceProfile;
    if (!(profile?.Roles ?? []).some((r) => r.RoleName === step.name)) {
      await call(what, () => iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: step.name, RoleName: step.name })));
    }
    return { roleName: step.name, instanceProfileName: step.name, instanceProfileArn: profile?.Arn ?? '' };
  },
  async delete(ctx, step) {
    const { iam } = awsClients(ctx.cluster, ctx.credential);
    const what = `deleting IAM role ${step.name}`;
    const role = await callOrGone(what, () => iam.send(new GetRoleCommand({ RoleName: step.name })));
    if (role && !role.Role?.Tags?.some((t) => t.Key === CLUSTER_ID_TAG && t.Value === ctx.clusterId)) return;
    // Removed only while the profile holds it: an attempt cut short after the removal is not repeated.
    const profile = await callOrGone(what, () => iam.send(new GetInstanceProfileCommand({ InstanceProfileName: step.name })));
    if ((profile?.InstanceProfile?.Roles ?? []).some((r) => r.RoleName === step.name))
      await callOrGone(what, () => iam.send(new RemoveRoleFromInstanceProfileCommand({ InstanceProfileName: step.name, RoleName: step.name })));
    await callOrGone(what, () => iam.send(new DeleteInstanceProfileCommand({ InstanceProfileName: step.name })));
    await callOrGone(what, () => iam.send(new DeleteRolePolicyCommand({ RoleName: step.name, PolicyName: POLICY_NAME })));
    await callOrGone(what, () => iam.send(new DeleteRoleCommand({ RoleName: step.name })));
  },
});

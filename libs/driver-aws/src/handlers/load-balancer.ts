import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateTargetGroupCommand,
  DeleteLoadBalancerCommand,
  DeleteTargetGroupCommand,
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  DescribeTagsCommand,
  DescribeTargetGroupsCommand,
  type ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { z } from 'zod';
import { CLUSTER_ID_TAG, defineHandler, type DriverContext, type PlanStep } from '@strata/driver-api';
import { awsClients } from '../clients';
import { call, callOrGone } from '../errors';
import { awsTags } from '../tags';
import { waitUntil } from '../wait';

async function owned(elb: ElasticLoadBalancingV2Client, arn: string, clusterId: string): Promise<boolean> {
  const res = await call('reading load balancer tags', () => elb.send(new DescribeTagsCommand({ ResourceArns: [arn] })));
  return (res.TagDescriptions?.[0]?.Tags ?? []).some((t) => t.Key === CLUSTER_ID_TAG && t.Value === clusterId);
}

async function parts(ctx: DriverContext, step: PlanStep, targetGroup: string) {
  const { elb } = awsClients(ctx.cluster, ctx.credential);
  const lbs = await callOrGone(`finding load balancer ${step.name}`, () => elb.send(new DescribeLoadBalancersCommand({ Names: [step.name] })));
  const lb = lbs?.LoadBalancers?.[0];
  const tgs = await callOrGone(`finding target group ${targetGroup}`, () => elb.send(new DescribeTargetGroupsCommand({ Names: [targetGroup] })));
  const tg = tgs?.TargetGroups?.[0];
  return {
    lb: lb?.LoadBalancerArn && (await owned(elb, lb.LoadBalancerArn, ctx.clusterId)) ? lb : undefined,
    tg: tg?.TargetGroupArn && (await owned(elb, tg.TargetGroupArn, ctx.clusterId)) ? tg : undefined,
  };
}

/** The API's network load balancer in the public subnets, its TCP target group of the control-plane instances, and the listener on 6443. */
export const loadBalancerHandler = defineHandler({
  spec: z.object({ subnets: z.array(z.string()), targetGroup: z.string(), port: z.number() }),
  outputs: z.strictObject({ loadBalancerArn: z.string(), targetGroupArn: z.string(), dnsName: z.string(), hostedZoneId: z.string() }),
  async find(ctx, step, spec) {
    const { elb } = awsClients(ctx.cluster, ctx.credential);
    const { lb, tg } = await parts(ctx, step, spec.targetGroup);
    if (!lb?.LoadBalancerArn || !tg?.TargetGroupArn) return undefined;
    const listeners = await call(`finding listeners of ${step.name}`, () => elb.send(new DescribeListenersCommand({ LoadBalancerArn: lb.LoadBalancerArn })));
    if (!(listeners.Listeners ?? []).some((l) => l.Port === spec.port)) return undefined;
    return { loadBalancerArn: lb.LoadBalancerArn, targetGroupArn: tg.TargetGroupArn, dnsName: lb.DNSName ?? '', hostedZoneId: lb.CanonicalHostedZoneId ?? '' };
  },
  async create(ctx, step, spec, inputs) {
    const { elb } = awsClients(ctx.cluster, ctx.credential);
    const Tags = Object.entries(awsTags(ctx, step)).map(([Key, Value]) => ({ Key, Value }));
    const found = await parts(ctx, step, spec.targetGroup);
    const lb =
      found.lb ??
      (
        await call(`creating load balancer ${step.name}`, () =>
          elb.send(
            new CreateLoadBalancerCommand({
              Name: step.name,
              Type: 'network',
              Scheme: 'internet-facing',
              Subnets: spec.subnets.map((s) => inputs[s]?.['subnetId'] ?? ''),
              Tags,
            }),
          ),
        )
      ).LoadBalancers?.[0];
    const tg =
      found.tg ??
      (
        await call(`creating target group ${spec.targetGroup}`, () =>
          elb.send(
            new CreateTargetGroupCommand({
              Name: spec.targetGroup,
              Protocol: 'TCP',
              Port: spec.port,
              VpcId: inputs['network/vpc']?.['vpcId'],
              TargetType: 'instance',
              HealthCheckProtocol: 'HTTPS',
              HealthCheckPath: '/readyz',
              HealthCheckPort: String(spec.port),
              Tags,
            }),
          ),
        )
      ).TargetGroups?.[0];
    const loadBalancerArn = lb?.LoadBalancerArn ?? '';
    const targetGroupArn = tg?.TargetGroupArn ?? '';
    const listeners = await call(`creating listener of ${step.name}`, () => elb.send(new DescribeListenersCommand({ LoadBalancerArn: loadBalancerArn })));
    if (!(listeners.Listeners ?? []).some((l) => l.Port === spec.port)) {
      await call(`creating listener of ${step.name}`, () =>
        elb.send(
          new CreateListenerCommand({
            LoadBalancerArn: loadBalancerArn,
            Protocol: 'TCP',
            Port: spec.port,
            DefaultActions: [{ Type: 'forward', TargetGroupArn: targetGroupArn }],
            Tags,
          }),
        ),
      );
    }
    return { loadBalancerArn, targetGroupArn, dnsName: lb?.DNSName ?? '', hostedZoneId: lb?.CanonicalHostedZoneId ?? '' };
  },
  async delete(ctx, step, outputs) {
    const { elb } = awsClients(ctx.cluster, ctx.credential);
    const spec = step.spec as { targetGroup: string };
    const { lb, tg } = await parts(ctx, step, spec.targetGroup);
    const lbArn = lb?.LoadBalancerArn ?? outputs?.['loadBalancerArn'];
    // Deleting the load balancer deletes its listeners; the target group can go once no listener uses it.
    if (lbArn) {
      await callOrGone(`deleting load balancer ${step.name}`, () => elb.send(new DeleteLoadBalancerCommand({ LoadBalancerArn: lbArn })));
      await waitUntil(`waiting for load balancer ${step.name} to be deleted`, async () => {
        const res = await callOrGone(`reading load balancer ${step.name}`, () => elb.send(new DescribeLoadBalancersCommand({ LoadBalancerArns: [lbArn] })));
        return (res?.LoadBalancers ?? []).length === 0;
      });
    }
    const tgArn = tg?.TargetGroupArn ?? outputs?.['targetGroupArn'];
    if (tgArn) await callOrGone(`deleting target group ${spec.targetGroup}`, () => elb.send(new DeleteTargetGroupCommand({ TargetGroupArn: tgArn })));
  },
});

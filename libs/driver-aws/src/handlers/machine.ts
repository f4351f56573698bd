import { createHash } from 'node:crypto';
import {
  CreateTagsCommand,
  DescribeImagesCommand,
  DescribeInstancesCommand,
  RunInstancesCommand,
  TerminateInstancesCommand,
  type EC2Client,
  type Instance,
} from '@aws-sdk/client-ec2';
import { RegisterTargetsCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { z } from 'zod';
import { defineHandler, STEP_TAG, type DriverContext, type PlanStep, type StepInputs } from '@strata/driver-api';
import { ProviderError } from '@strata/errors';
import { awsClients } from '../clients';
import { batcher, type Batcher } from '../batch';
import { call, callOrGone, isNotFound, providerError } from '../errors';
import { clusterFilters, COMPLETE_TAG, stepFilters, tagList, tagRecord } from '../tags';
import { waitUntil } from '../wait';

/** EC2's limit on user data, before base64. https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/instancedata-add-user-data.html */
export const USER_DATA_LIMIT = 16 * 1024;

/** Flatcar's AWS account, owner of its public images. https://www.flatcar.org/docs/latest/installing/cloud/aws-ec2/ */
export const FLATCAR_OWNER = '075585003325';

export const LIVE_STATES = ['pending', 'running', 'stopping', 'stopped'];

/** The S3 key of a machine's full Ignition config. */
export const ignitionKey = (machine: string) => `ignition/${machine}.ign`;

/**
 * The user data of a machine: its Ignition config when it fits EC2's 16 KB, otherwise a
 * pointer config whose `ignition.config.replace` names the full config in the cluster's
 * private bucket (Ignition on AWS fetches `s3://` with the instance role's credentials).
 */
export function pointerConfig(bucket: string, machine: string): string {
  return JSON.stringify({ ignition: { version: '3.3.0', config: { replace: { source: `s3://${bucket}/${ignitionKey(machine)}` } } } });
}

/** The newest Flatcar image of a channel in the region, for x86-64. */
export async function flatcarImage(ec2: EC2Client, channel: string): Promise<string> {
  const res = await call(`looking up the Flatcar ${channel} image`, () =>
    ec2.send(
      new DescribeImagesCommand({
        Owners: [FLATCAR_OWNER],
        Filters: [
          { Name: 'name', Values: [`Flatcar-${channel}-*-hvm`] },
          { Name: 'architecture', Values: ['x86_64'] },
          { Name: 'state', Values: ['available'] },
        ],
      }),
    ),
  );
  const images = (res.Images ?? []).sort(
    (a, b) => (b.CreationDate ?? '').localeCompare(a.CreationDate ?? '') || (b.Name ?? '').localeCompare(a.Name ?? '', 'en', { numeric: true }),
  );
  const id = images[0]?.ImageId;
  if (!id) throw new ProviderError(`no Flatcar ${channel} image of owner ${FLATCAR_OWNER} in this region; set spec.platform.aws.amiId`);
  return id;
}

/** The Flatcar image of a channel, looked up once per cluster and channel by this process (every machine of a cluster boots the same one). */
const channelImages = new Map<string, Promise<string>>();
function channelImage(ctx: DriverContext, ec2: EC2Client, channel: string): Promise<string> {
  const key = `${ctx.clusterId}/${channel}`;
  let image = channelImages.get(key);
  if (!image) {
    image = flatcarImage(ec2, channel);
    channelImages.set(key, image);
    image.catch(() => channelImages.get(key) === image && channelImages.delete(key));
  }
  return image;
}

/** How long one listing of a cluster's instances answers the machine steps' lookups. */
const SNAPSHOT_MS = 10_000;

interface Snapshot {
  at: number;
  byStep: Promise<Map<string, Instance>>;
}

const snapshots = new Map<string, Snapshot>();

/**
 * Per cluster and step, a launch or termination of this process: in flight, or when it
 * ended. A listing serves the step again only if it was taken after that. (EC2 may list a
 * just-launched instance a moment late; the create that could then follow carries the same
 * ClientToken, so EC2 answers it with the same instance.)
 */
const changes = new Map<string, Map<string, { busy: boolean; doneAt: number }>>();

function changeOf(ctx: DriverContext, step: PlanStep) {
  return changes.get(ctx.clusterId)?.get(step.id);
}

/** Runs `fn`, a launch or termination of the step's instance, so that lookups meanwhile and just after ask EC2 directly. */
async function changing<T>(ctx: DriverContext, step: PlanStep, fn: () => Promise<T>): Promise<T> {
  const steps = changes.get(ctx.clusterId) ?? new Map<string, { busy: boolean; doneAt: number }>();
  changes.set(ctx.clusterId, steps);
  const change = { busy: true, doneAt: 0 };
  steps.set(step.id, change);
  try {
    return await fn();
  } finally {
    change.busy = false;
    change.doneAt = Date.now();
  }
}

async function listByStep(ctx: DriverContext): Promise<Map<string, Instance>> {
  const byStep = new Map<string, Instance>();
  let NextToken: string | undefined;
  do {
    const res = await call('listing the instances of the cluster', () =>
      awsClients(ctx.cluster, ctx.credential).ec2.send(
        new DescribeInstancesCommand({ Filters: [...clusterFilters(ctx), { Name: 'instance-state-name', Values: LIVE_STATES }], MaxResults: 1000, NextToken }),
      ),
    );
    for (const i of (res.Reservations ?? []).flatMap((r) => r.Instances ?? [])) {
      const step = tagRecord(i.Tags)[STEP_TAG];
      if (step && !byStep.has(step)) byStep.set(step, i);
    }
    NextToken = res.NextToken;
  } while (NextToken);
  return byStep;
}

/**
 * The live instance of a machine step. One listing of the cluster's instances answers every
 * machine step for a few seconds: a tag-filtered lookup per step costs about as much as the
 * whole listing on a large account, and hundreds of them made apply and destroy quadratic in
 * the number of machines. A step whose instance this process is launching or terminating is
 * looked up on its own, and one changed since the listing began waits for a new listing, so
 * a retry sees what the last call did.
 */
async function liveInstance(ctx: DriverContext, step: PlanStep): Promise<Instance | undefined> {
  const change = changeOf(ctx, step);
  // While this process launches or terminates the step's instance, only EC2 itself knows:
  // ask for the one instance.
  if (change?.busy) {
    const res = await call(`finding instance ${step.name}`, () =>
      awsClients(ctx.cluster, ctx.credential).ec2.send(
        new DescribeInstancesCommand({ Filters: [...stepFilters(ctx, step), { Name: 'instance-state-name', Values: LIVE_STATES }] }),
      ),
    );
    return res.Reservations?.flatMap((r) => r.Instances ?? [])[0];
  }
  // A listing serves the step when it is fresh and began after the step's last change ended;
  // otherwise a new one begins, and serves every step that asks while it is fresh.
  let snapshot = snapshots.get(ctx.clusterId);
  if (!snapshot || Date.now() - snapshot.at >= SNAPSHOT_MS || (change && snapshot.at <= change.doneAt)) {
    const next: Snapshot = { at: Date.now(), byStep: listByStep(ctx) };
    next.byStep.catch(() => snapshots.get(ctx.clusterId) === next && snapshots.delete(ctx.clusterId));
    snapshots.set(ctx.clusterId, next);
    snapshot = next;
  }
  return (await snapshot.byStep).get(step.id);
}

function outputsOf(instance: Instance): Record<string, string> {
  const zone = instance.Placement?.AvailabilityZone ?? '';
  return {
    instanceId: instance.InstanceId ?? '',
    providerID: `aws:///${zone}/${instance.InstanceId ?? ''}`,
    privateIp: instance.PrivateIpAddress ?? '',
  };
}

/** The ClientToken of a machine's RunInstances: one per cluster and step, so a repeated call makes no second instance. */
export function clientToken(ctx: DriverContext, step: PlanStep): string {
  return createHash('sha256').update(`${ctx.clusterId}/${step.id}`).digest('hex').slice(0, 64);
}

const Spec = z.object({
  role: z.enum(['control-plane', 'worker']),
  pool: z.string(),
  zone: z.string(),
  privateIp: z.string(),
  instanceType: z.string(),
  rootVolumeGiB: z.number().int().positive(),
  subnet: z.string(),
  securityGroup: z.string(),
  instanceRole: z.string(),
  bucket: z.string(),
  amiId: z.string().optional(),
  channel: z.string(),
});

/**
 * One EC2 instance per machine in its zone's private subnet: the Flatcar image, IMDSv2
 * required, an encrypted gp3 root volume, the role's instance profile, tags in the
 * RunInstances call itself, and its Ignition config as user data. Control-plane instances
 * join the API target group.
 */
export const machineHandler = defineHandler({
  spec: Spec,
  outputs: z.strictObject({ instanceId: z.string().startsWith('i-'), providerID: z.string().startsWith('aws:///'), privateIp: z.string() }),
  async find(ctx, step, spec) {
    const instance = await liveInstance(ctx, step);
    // A control-plane instance is complete once it is in the API target group and marked so (a create cut short is finished by create).
    if (!instance || (spec.role === 'control-plane' && tagRecord(instance.Tags)[COMPLETE_TAG] !== 'true')) return undefined;
    return outputsOf(instance) as { instanceId: string; providerID: string; privateIp: string };
  },
  create: (ctx, step, spec, inputs) =>
    changing(ctx, step, async () => {
      const { ec2, s3 } = awsClients(ctx.cluster, ctx.credential);
      const what = `creating instance ${step.name}`;
      // A control-plane instance launched by a create cut short before its registration is registered now, not launched again.
      const launched = spec.role === 'control-plane' ? await liveInstance(ctx, step) : undefined;
      if (launched) return finishLaunch(ctx, step, spec, inputs, launched);
      const config = await ctx.ignitionFor(step.name);
      const bucket = inputs[spec.bucket]?.['bucket'] ?? '';
      let userData = config;
      if (Buffer.byteLength(config) > USER_DATA_LIMIT) {
        await call(`${what}: storing its Ignition config`, () =>
          s3.send(
            new PutObjectCommand({
              Bucket: bucket,
              Key: ignitionKey(step.name),
              Body: config,
              ContentType: 'application/json',
              ServerSideEncryption: 'AES256',
            }),
          ),
        );
        userData = pointerConfig(bucket, step.name);
      }
      const imageId = spec.amiId ?? (await channelImage(ctx, ec2, spec.channel));
      const res = await call(what, () =>
        ec2.send(
          new RunInstancesCommand({
            ImageId: imageId,
            InstanceType: spec.instanceType as never,
            MinCount: 1,
            MaxCount: 1,
            ClientToken: clientToken(ctx, step),
            SubnetId: inputs[spec.subnet]?.['subnetId'],
            PrivateIpAddress: spec.privateIp,
            SecurityGroupIds: [inputs[spec.securityGroup]?.['groupId'] ?? ''],
            IamInstanceProfile: { Arn: inputs[spec.instanceRole]?.['instanceProfileArn'] },
            UserData: Buffer.from(userData).toString('base64'),
            MetadataOptions: { HttpTokens: 'required', HttpEndpoint: 'enabled', HttpPutResponseHopLimit: 2 },
            BlockDeviceMappings: [
              { DeviceName: '/dev/xvda', Ebs: { VolumeSize: spec.rootVolumeGiB, VolumeType: 'gp3', Encrypted: true, DeleteOnTermination: true } },
            ],
            TagSpecifications: [
              { ResourceType: 'instance', Tags: tagList(ctx, step) },
              { ResourceType: 'volume', Tags: tagList(ctx, step) },
            ],
          }),
        ),
      );
      const instance = res.Instances?.[0];
      if (!instance?.InstanceId) throw new ProviderError(`${what}: RunInstances returned no instance`);
      return finishLaunch(ctx, step, spec, inputs, instance);
    }),
  async delete(ctx, step, outputs) {
    // The id destroy just found (or journaled) saves a tag-filtered lookup per machine; without one, look it up.
    const id = outputs?.['instanceId'] ?? (await liveInstance(ctx, step))?.InstanceId;
    if (!id) return;
    // Not waited for: what the instance holds (its subnet, its security group) is deleted once
    // EC2 stops answering DependencyViolation, so hundreds of machines terminate at once.
    await changing(ctx, step, () => terminations(ctx).add(id));
  },
  // A delete is a place in a batched TerminateInstances of the journaled instance id (EC2 never
  // reuses one, and terminating a terminated instance succeeds): many run at once, none looks first.
  deleteConcurrency: 250,
  deletesFromOutputs: true,
});

/** Most ids one TerminateInstances takes. https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_TerminateInstances.html */
const TERMINATE_MAX_IDS = 1000;
const terminationBatches = new Map<string, Batcher<string>>();

/**
 * The cluster's terminations, sent together: machines deleted at about the same time go in
 * one TerminateInstances. When one id of a batch is already gone EC2 refuses the whole call,
 * so the batch is then sent again one id at a time.
 */
function terminations(ctx: DriverContext): Batcher<string> {
  let batch = terminationBatches.get(ctx.clusterId);
  if (!batch) {
    const { ec2 } = awsClients(ctx.cluster, ctx.credential);
    const one = (id: string) => callOrGone(`terminating instance ${id}`, () => ec2.send(new TerminateInstancesCommand({ InstanceIds: [id] })));
    batch = batcher(
      async (ids) => {
        if (ids.length === 1) return void (await one(ids[0] as string));
        try {
          await ec2.send(new TerminateInstancesCommand({ InstanceIds: ids }));
        } catch (error) {
          if (!isNotFound(error)) throw providerError(`terminating instances ${ids.join(', ')}`, error);
          await Promise.all(ids.map(one));
        }
      },
      { max: TERMINATE_MAX_IDS, windowMs: 20 },
    );
    terminationBatches.set(ctx.clusterId, batch);
  }
  return batch;
}

/** Registers a control-plane instance with the API target group, then marks it complete; workers need nothing more. */
async function finishLaunch(ctx: DriverContext, step: PlanStep, spec: z.infer<typeof Spec>, inputs: StepInputs, instance: Instance) {
  if (spec.role === 'control-plane') {
    const { ec2, elb } = awsClients(ctx.cluster, ctx.credential);
    const what = `creating instance ${step.name}`;
    const tg = inputs['load-balancer/api']?.['targetGroupArn'];
    await call(`${what}: registering it with the API target group`, () =>
      elb.send(new RegisterTargetsCommand({ TargetGroupArn: tg, Targets: [{ Id: instance.InstanceId, Port: 6443 }] })),
    );
    await call(what, () => ec2.send(new CreateTagsCommand({ Resources: [instance.InstanceId ?? ''], Tags: [{ Key: COMPLETE_TAG, Value: 'true' }] })));
  }
  return outputsOf(instance) as { instanceId: string; providerID: string; privateIp: string };
}

/** Terminates instances and waits until they are gone (their network interfaces and security groups can then go). */
export async function terminate(ec2: EC2Client, ids: string[], what: string): Promise<void> {
  await callOrGone(`terminating ${what}`, () => ec2.send(new TerminateInstancesCommand({ InstanceIds: ids })));
  await waitUntil(`waiting for ${what} to terminate`, async () => {
    const res = await callOrGone(`reading ${what}`, () => ec2.send(new DescribeInstancesCommand({ InstanceIds: ids })));
    return (res?.Reservations ?? []).flatMap((r) => r.Instances ?? []).every((i) => i.State?.Name === 'terminated');
  });
}

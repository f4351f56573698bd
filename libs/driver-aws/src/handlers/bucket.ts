import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectsCommand,
  GetBucketTaggingCommand,
  ListObjectsV2Command,
  PutBucketTaggingCommand,
  PutPublicAccessBlockCommand,
} from '@aws-sdk/client-s3';
import { z } from 'zod';
import { CLUSTER_ID_TAG, defineHandler } from '@strata/driver-api';
import { awsClients } from '../clients';
import { call, callOrGone } from '../errors';
import { awsTags } from '../tags';

/**
 * The private bucket holding Ignition configs too large for EC2 user data (16 KB); only
 * the instance roles may read them (`s3:GetObject` on `ignition/*`), public access is blocked.
 */
export const bucketHandler = defineHandler({
  spec: z.object({}),
  outputs: z.strictObject({ bucket: z.string() }),
  async find(ctx, step) {
    const tags = await callOrGone(`finding bucket ${step.name}`, () =>
      awsClients(ctx.cluster, ctx.credential).s3.send(new GetBucketTaggingCommand({ Bucket: step.name })),
    );
    return tags?.TagSet?.some((t) => t.Key === CLUSTER_ID_TAG && t.Value === ctx.clusterId) ? { bucket: step.name } : undefined;
  },
  async create(ctx, step) {
    const { s3, region } = awsClients(ctx.cluster, ctx.credential);
    const what = `creating bucket ${step.name}`;
    await call(what, async () => {
      try {
        await s3.send(
          new CreateBucketCommand({
            Bucket: step.name,
            ...(region === 'us-east-1' ? {} : { CreateBucketConfiguration: { LocationConstraint: region as never } }),
          }),
        );
      } catch (error) {
        if ((error as { name?: string }).name !== 'BucketAlreadyOwnedByYou') throw error;
      }
    });
    await call(what, () =>
      s3.send(
        new PutPublicAccessBlockCommand({
          Bucket: step.name,
          PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
        }),
      ),
    );
    const TagSet = Object.entries(awsTags(ctx, step)).map(([Key, Value]) => ({ Key, Value }));
    await call(what, () => s3.send(new PutBucketTaggingCommand({ Bucket: step.name, Tagging: { TagSet } })));
    return { bucket: step.name };
  },
  async delete(ctx, step) {
    const { s3 } = awsClients(ctx.cluster, ctx.credential);
    const what = `deleting bucket ${step.name}`;
    const tags = await callOrGone(what, () => s3.send(new GetBucketTaggingCommand({ Bucket: step.name })));
    if (!tags?.TagSet?.some((t) => t.Key === CLUSTER_ID_TAG && t.Value === ctx.clusterId)) return;
    for (;;) {
      const list = await call(what, () => s3.send(new ListObjectsV2Command({ Bucket: step.name })));
      const keys = (list.Contents ?? []).map((o) => ({ Key: o.Key ?? '' }));
      if (keys.length === 0) break;
      await call(what, () => s3.send(new DeleteObjectsCommand({ Bucket: step.name, Delete: { Objects: keys } })));
    }
    await callOrGone(what, () => s3.send(new DeleteBucketCommand({ Bucket: step.name })));
  },
});

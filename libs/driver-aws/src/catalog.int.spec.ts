import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeInstancesCommand, DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeAssetDirectory } from '@strata/bootstrap';
import { parseCluster, type Cluster } from '@strata/cluster-config';
import { applyPlan, CLUSTER_ID_TAG, destroyAll, type Credential, type DriverContext } from '@strata/driver-api';
import { rejectionOf, withoutEnv } from '@strata/driver-api/conformance';
import { InputError, ProviderError } from '@strata/errors';
import { findFreePort } from '@strata/toolchain';
import { awsDriver } from './aws-driver';
import { awsCatalog } from './catalog';
import { awsContext, endpointsAt, MOTO_USER_NAME, startMoto, type MotoServer } from './testing';

const REGION = 'eu-central-1';
const work = mkdtempSync(join(tmpdir(), 'strata-aws-catalog-'));
/** moto as it runs by default: any key is accepted and answers as moto's default account. */
let open: MotoServer;
/** moto checking signatures and IAM policies: only its user's key gets through. */
let strict: MotoServer;
let restoreEnv: () => void = () => undefined;

const accessKey = (accessKeyId: string, secretAccessKey: string): Credential => ({ kind: 'access-key', values: { accessKeyId, secretAccessKey } });
const userKey = (): Credential => accessKey(strict.user?.accessKeyId ?? '', strict.user?.secretAccessKey ?? '');
const at = (server: MotoServer, region?: string) => ({ ...(region ? { region } : {}), endpoints: endpointsAt(server.endpoint) });

beforeAll(async () => {
  // No AWS_* variable reaches the SDK: the default chain has nothing to find, so whatever
  // gets through was signed with the credential the call or the context carries.
  restoreEnv = withoutEnv('AWS_');
  [open, strict] = await Promise.all([startMoto(), startMoto({ authenticate: true })]);
  await Promise.all([open.hostedZone('example.com'), strict.hostedZone('example.com')]);
}, 60_000);

afterAll(async () => {
  await Promise.all([open?.stop(), strict?.stop()]);
  restoreEnv();
  rmSync(work, { recursive: true, force: true });
});

describe('the AWS catalog on moto', () => {
  it('verifies an access key with STS: the account and the IAM principal it signs as', async () => {
    const identity = await awsCatalog.verifyCredential(userKey(), { platform: at(strict) });
    expect(identity.principal).toBe(strict.user?.arn);
    expect(identity.principal).toContain(`:user/${MOTO_USER_NAME}`);
    expect(identity.account).toMatch(/^\d{12}$/);
    expect(identity.display).toBe(`${identity.principal} in ${identity.account}`);
  });

  it('refuses an access key AWS does not know, naming values.accessKeyId, without the secret in the answer', async () => {
    const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
    const error = await rejectionOf(awsCatalog.verifyCredential(accessKey('AKIAIOSFODNN7EXAMPLE', secret), { platform: at(strict) }));
    expect(error).toBeInstanceOf(InputError);
    expect(error.problems).toEqual([{ path: 'values.accessKeyId', message: expect.stringContaining('does not know this access key ID') }]);
    expect(JSON.stringify({ message: error.message, problems: error.problems })).not.toContain(secret);
  });

  it('refuses a wrong secret for a known key, naming values.secretAccessKey', async () => {
    const error = await rejectionOf(
      awsCatalog.verifyCredential(accessKey(strict.user?.accessKeyId ?? '', 'not-the-secret-of-this-key'), { platform: at(strict) }),
    );
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toContain('SignatureDoesNotMatch');
    expect(error.problems.map((p) => p.path)).toEqual(['values.secretAccessKey']);
    expect(error.message).not.toContain('not-the-secret-of-this-key');
  });

  it('refuses an incomplete credential before calling AWS', async () => {
    const error = await rejectionOf(awsCatalog.verifyCredential({ kind: 'access-key', values: { accessKeyId: 'AKIA' } }, { platform: at(strict) }));
    expect(error).toBeInstanceOf(InputError);
    expect(error.problems.map((p) => p.path)).toEqual(['values.secretAccessKey']);
  });

  it('answers a ProviderError when the endpoint does not answer', async () => {
    const closed = `http://127.0.0.1:${await findFreePort()}`;
    const error = await rejectionOf(awsCatalog.verifyCredential(userKey(), { platform: { endpoints: endpointsAt(closed) } }));
    expect(error).toBeInstanceOf(ProviderError);
    expect(error.message).toContain('did not answer');
    expect(error.retryable).toBe(true);
  });

  it('looks up regions, the zones of the call region, instance types and public hosted zones with the call credential', async () => {
    const call = { credential: userKey(), platform: at(strict, REGION) };
    const regions = await awsCatalog.lookup('regions', call);
    expect(regions.map((r) => r.value)).toEqual(expect.arrayContaining(['eu-central-1', 'us-east-1', 'us-west-2']));
    const zones = await awsCatalog.lookup('zones', call);
    expect(zones.map((z) => z.value)).toEqual(['eu-central-1a', 'eu-central-1b', 'eu-central-1c']);
    const types = await awsCatalog.lookup('instance-types', call);
    expect(types.map((t) => t.value)).toEqual(expect.arrayContaining(awsCatalog.machineTypes.map((m) => m.type)));
    expect(await awsCatalog.lookup('hosted-zones', call)).toEqual([{ value: 'example.com', title: expect.stringContaining('example.com') }]);
  });

  it('refuses a lookup with a refused key as the credential, and zones without a region as the platform', async () => {
    const refused = await rejectionOf(awsCatalog.lookup('regions', { credential: accessKey('AKIAUNKNOWNKEY000000', 'x'.repeat(40)), platform: at(strict) }));
    expect(refused).toBeInstanceOf(InputError);
    expect(refused.message).toContain('AuthFailure');
    expect(refused.problems.map((p) => p.path)).toEqual(['values.accessKeyId']);
    const noRegion = await rejectionOf(awsCatalog.lookup('zones', { credential: userKey(), platform: at(strict) }));
    expect(noRegion).toBeInstanceOf(InputError);
    expect(noRegion.problems).toEqual([{ path: 'platform.region', message: expect.stringContaining('choose a region') }]);
  });

  it('reads moto accepting any key as its default account', async () => {
    const identity = await awsCatalog.verifyCredential(accessKey('AKIAANYKEY', 'any-secret'), { platform: at(open) });
    expect(identity.account).toMatch(/^\d{12}$/);
  });
});

describe('an AWS install with the credential of its context', () => {
  function cluster(): Cluster {
    return parseCluster(
      JSON.stringify({
        apiVersion: 'strata.dev/v1alpha1',
        kind: 'Cluster',
        metadata: { name: 'stored-key' },
        spec: {
          baseDomain: 'example.com',
          platform: { aws: { region: REGION, zones: ['eu-central-1a'], endpoints: endpointsAt(strict.endpoint) } },
          controlPlane: { replicas: 1, machineType: 'small' },
          workers: [{ name: 'default', replicas: 1, machineType: 'small' }],
          networking: { machineCIDR: '10.50.0.0/16' },
        },
      }),
      { format: 'json' },
    );
  }

  async function context(c: Cluster, credential: Credential | undefined): Promise<DriverContext> {
    const dir = join(work, `assets-${Math.random().toString(36).slice(2)}`);
    const { manifest } = await writeAssetDirectory(dir, c);
    const ctx = awsContext({ cluster: JSON.stringify(c), clusterId: manifest.clusterId, assetsDir: dir, journal: join(dir, 'state/journal.jsonl') });
    return credential ? { ...ctx, credential } : ctx;
  }

  it('preflights, applies and destroys with the context key against a moto that refuses every other key', async () => {
    const c = cluster();
    // The same document with a key moto does not know: preflight names the refusal, nothing is created.
    const refused = await awsDriver.preflight?.(c, 'x', accessKey('AKIAUNKNOWNKEY000000', 'y'.repeat(40)));
    expect(refused).toEqual([{ path: 'spec.platform.aws', message: expect.stringContaining('AWS refused the stored access key (InvalidClientTokenId') }]);

    const ctx = await context(c, userKey());
    expect(await awsDriver.preflight?.(c, ctx.clusterId, ctx.credential)).toEqual([]);
    expect(await awsDriver.validate(ctx)).toEqual([]);
    const plan = awsDriver.plan(ctx);
    const applied = await applyPlan(awsDriver, ctx, plan);
    expect(applied.created).toHaveLength(plan.steps.length);
    const ec2 = strict.client(EC2Client);
    const byCluster = [{ Name: `tag:${CLUSTER_ID_TAG}`, Values: [ctx.clusterId] }];
    expect((await ec2.send(new DescribeVpcsCommand({ Filters: byCluster }))).Vpcs).toHaveLength(1);
    expect((await awsDriver.listMachines(ctx)).map((m) => m.state)).toEqual(['running', 'running']);

    // Without a credential the driver falls back to the default chain, which finds nothing here.
    const bare = { ...ctx };
    delete bare.credential;
    await expect(awsDriver.listMachines(bare)).rejects.toThrow();

    await destroyAll(awsDriver, ctx, plan);
    expect(await awsDriver.sweep(ctx)).toEqual([]);
    expect((await ec2.send(new DescribeVpcsCommand({ Filters: byCluster }))).Vpcs).toEqual([]);
    const left = ((await ec2.send(new DescribeInstancesCommand({ Filters: byCluster }))).Reservations ?? []).flatMap((r) => r.Instances ?? []);
    expect(left.every((i) => i.State?.Name === 'terminated')).toBe(true);
  }, 180_000);
});

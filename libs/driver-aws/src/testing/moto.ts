import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { CreateHostedZoneCommand, Route53Client } from '@aws-sdk/client-route-53';
import { cacheDir, findFreePort, ProcessGroup } from '@strata/toolchain';

/** The moto release the set-up step installs (tools/setup/moto.sh). */
export const MOTO_VERSION = '5.2.5';

/** Flatcar's AWS account, the owner of its public AMIs. */
export const FLATCAR_OWNER_ID = '075585003325';

/** One image seeded into moto's image list (`MOTO_AMIS_PATH`). */
export interface SeededImage {
  ami_id: string;
  name: string;
  owner_id: string;
  architecture: 'x86_64' | 'arm64';
}

/** Flatcar images of each channel, named the way Flatcar publishes them (`Flatcar-<channel>-<version>-hvm`). */
export const FLATCAR_IMAGES: SeededImage[] = [
  { ami_id: 'ami-0f1a7c0e5b2d3c4a1', name: 'Flatcar-stable-4230.2.3-hvm', owner_id: FLATCAR_OWNER_ID, architecture: 'x86_64' },
  { ami_id: 'ami-0f1a7c0e5b2d3c4a0', name: 'Flatcar-stable-4152.2.1-hvm', owner_id: FLATCAR_OWNER_ID, architecture: 'x86_64' },
  { ami_id: 'ami-0f1a7c0e5b2d3c4b2', name: 'Flatcar-beta-4344.1.0-hvm', owner_id: FLATCAR_OWNER_ID, architecture: 'x86_64' },
  { ami_id: 'ami-0f1a7c0e5b2d3c4c3', name: 'Flatcar-alpha-4372.0.0-hvm', owner_id: FLATCAR_OWNER_ID, architecture: 'x86_64' },
  { ami_id: 'ami-0f1a7c0e5b2d3c4d4', name: 'Flatcar-stable-4230.2.3-arm64-hvm', owner_id: FLATCAR_OWNER_ID, architecture: 'arm64' },
];

/** The static credentials moto accepts. */
export const MOTO_CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' };

/** The IAM user of a moto server that checks credentials, with its access key and a policy allowing everything. */
export interface MotoUser {
  arn: string;
  accessKeyId: string;
  secretAccessKey: string;
}

/** The IAM user {@link startMoto} makes when it checks credentials. */
export const MOTO_USER_NAME = 'strata-installer';

/** A running moto server. */
export interface MotoServer {
  /** `http://127.0.0.1:<port>`: every AWS service answers here. */
  endpoint: string;
  /** With `authenticate`: the one user whose key the server accepts (every other key is refused, as AWS refuses it). */
  user?: MotoUser;
  /** An AWS SDK client of `Client`'s service talking to this server directly (eu-central-1 unless `region` says otherwise), as {@link MotoServer.user} when there is one. */
  client<T>(Client: new (config: object) => T, region?: string): T;
  /** Creates a public Route 53 hosted zone, as the account a cluster's baseDomain lives in has. */
  hostedZone(name: string): Promise<void>;
  /** Forgets every resource (`POST /moto-api/reset`). */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

/** Where tools/setup/moto.sh installs moto. */
export function motoServerPath(): string {
  return join(cacheDir(), `moto-${MOTO_VERSION}`, 'bin', 'moto_server');
}

/** IAM calls {@link startMoto} makes before moto starts checking credentials: CreateUser, PutUserPolicy, CreateAccessKey. */
const SETUP_ACTIONS = 3;

/**
 * Starts moto on a free loopback port with image and instance-type validation on (off by
 * default: moto would accept any AMI id or instance type) and its image list replaced by
 * `images` (Flatcar's by default), and waits until it answers.
 *
 * With `authenticate`, moto checks every call's signature and IAM policy the way AWS does
 * (`INITIAL_NO_AUTH_ACTION_COUNT`, after the calls that make {@link MotoServer.user}): an
 * unknown access key is refused with `InvalidClientTokenId`, a wrong secret with
 * `SignatureDoesNotMatch`, and only the user's key gets through.
 */
export async function startMoto(options: { images?: SeededImage[]; logFile?: string; authenticate?: boolean } = {}): Promise<MotoServer> {
  const work = mkdtempSync(join(tmpdir(), 'strata-moto-'));
  const amis = join(work, 'amis.json');
  const images = (options.images ?? FLATCAR_IMAGES).map((i) => ({
    ...i,
    state: 'available',
    public: true,
    image_location: `${i.owner_id}/${i.name}`,
    sriov: 'simple',
    root_device_type: 'ebs',
    root_device_name: '/dev/xvda',
    description: `Flatcar Container Linux ${i.name}`,
    image_type: 'machine',
    platform: null,
    virtualization_type: 'hvm',
    hypervisor: 'xen',
  }));
  writeFileSync(amis, JSON.stringify(images));
  const port = await findFreePort();
  const group = new ProcessGroup();
  const proc = group.spawn({
    name: 'moto',
    command: motoServerPath(),
    args: ['-H', '127.0.0.1', '-p', String(port)],
    env: {
      MOTO_AMIS_PATH: amis,
      MOTO_ENABLE_AMI_VALIDATION: 'true',
      MOTO_EC2_ENABLE_INSTANCE_TYPE_VALIDATION: 'true',
      ...(options.authenticate ? { INITIAL_NO_AUTH_ACTION_COUNT: String(SETUP_ACTIONS) } : {}),
    },
    logFile: options.logFile ?? join(work, 'moto.log'),
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (!proc.running())
      throw new Error(`moto exited before it answered; log: ${options.logFile ?? join(work, 'moto.log')} (installed? bash tools/setup/moto.sh)`);
    try {
      const res = await fetch(`${endpoint}/moto-api/data.json`);
      if (res.ok) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      await group.stopAll();
      throw new Error(`moto did not answer on ${endpoint} within 30 s`);
    }
    await sleep(100);
  }
  const user = options.authenticate ? await createUser(endpoint) : undefined;
  const credentials = user ? { accessKeyId: user.accessKeyId, secretAccessKey: user.secretAccessKey } : MOTO_CREDENTIALS;
  const client = <T>(Client: new (config: object) => T, region = 'eu-central-1'): T => new Client({ region, endpoint, credentials, forcePathStyle: true });
  return {
    endpoint,
    ...(user ? { user } : {}),
    client,
    async hostedZone(name) {
      await client(Route53Client).send(new CreateHostedZoneCommand({ Name: name, CallerReference: `${name}-${Date.now()}-${Math.random()}` }));
    },
    async reset() {
      const res = await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
      if (!res.ok) throw new Error(`moto reset answered ${res.status}`);
    },
    async stop() {
      await group.stopAll();
      rmSync(work, { recursive: true, force: true });
    },
  };
}

/** The IAM user of an authenticating moto, allowed everything, with an access key: the {@link SETUP_ACTIONS} calls moto answers before it checks. */
async function createUser(endpoint: string): Promise<MotoUser> {
  const iam = new IAMClient({ region: 'us-east-1', endpoint, credentials: MOTO_CREDENTIALS });
  const created = await iam.send(new CreateUserCommand({ UserName: MOTO_USER_NAME }));
  const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
  await iam.send(new PutUserPolicyCommand({ UserName: MOTO_USER_NAME, PolicyName: 'everything', PolicyDocument: JSON.stringify(policy) }));
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: MOTO_USER_NAME }))).AccessKey;
  if (!key?.AccessKeyId || !key.SecretAccessKey || !created.User?.Arn) throw new Error('moto made no access key for its user');
  return { arn: created.User.Arn, accessKeyId: key.AccessKeyId, secretAccessKey: key.SecretAccessKey };
}

import { DescribeAvailabilityZonesCommand, DescribeRegionsCommand, paginateDescribeInstanceTypeOfferings } from '@aws-sdk/client-ec2';
import { paginateListHostedZones } from '@aws-sdk/client-route-53';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { MACHINE_TYPE_TABLE, MACHINE_TYPES } from '@strata/cluster-config';
import { withoutSecrets, type CatalogCall, type Credential, type CredentialIdentity, type DriverCatalog, type LookupItem } from '@strata/driver-api';
import { InputError, ProviderError, problemsFromZod } from '@strata/errors';
import { z } from 'zod';
import { AWS_CREDENTIAL_KINDS, awsClientsFor, sdkCredentials, type AwsClients } from './clients';
import { awsCode } from './errors';
import { AWS_PRICES, awsEstimate } from './prices';

/** The region a call without one is made in: STS and Route 53 answer there for every account. */
const DEFAULT_REGION = 'us-east-1';

/** The part of `spec.platform.aws` a catalog call reads: the region and the endpoint overrides. */
const CallPlatformSchema = z.looseObject({
  region: z
    .string()
    .regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, 'must be an AWS region code such as us-east-1 or eu-central-1')
    .optional(),
  endpoints: z.record(z.string(), z.url('must be an http(s) URL')).optional(),
});

/**
 * AWS error codes that mean the credential itself was refused, by the field to fix.
 * https://docs.aws.amazon.com/STS/latest/APIReference/CommonErrors.html
 */
const REFUSED: Record<string, { field: string; why: string }> = {
  InvalidClientTokenId: { field: 'accessKeyId', why: 'AWS does not know this access key ID; copy it again from IAM or create a new access key' },
  UnrecognizedClientException: { field: 'accessKeyId', why: 'AWS does not know this access key ID; copy it again from IAM or create a new access key' },
  InvalidAccessKeyId: { field: 'accessKeyId', why: 'AWS does not know this access key ID; copy it again from IAM or create a new access key' },
  // EC2's answer to an unknown key and to a wrong secret alike.
  AuthFailure: { field: 'accessKeyId', why: 'AWS could not validate this access key ID with its secret access key; check both, or create a new access key' },
  SignatureDoesNotMatch: { field: 'secretAccessKey', why: 'does not belong to this access key ID; paste the secret shown when the key was created' },
  IncompleteSignature: { field: 'secretAccessKey', why: 'does not belong to this access key ID; paste the secret shown when the key was created' },
  ExpiredToken: { field: 'sessionToken', why: 'has expired; get new temporary credentials (aws sts get-session-token) and store them' },
  ExpiredTokenException: { field: 'sessionToken', why: 'has expired; get new temporary credentials (aws sts get-session-token) and store them' },
  InvalidToken: { field: 'sessionToken', why: 'is not valid for this access key; store the session token issued with it' },
  AccessDenied: { field: 'accessKeyId', why: 'is not allowed to make this call; grant its user or role the permission, or use another key' },
  AccessDeniedException: { field: 'accessKeyId', why: 'is not allowed to make this call; grant its user or role the permission, or use another key' },
  UnauthorizedOperation: { field: 'accessKeyId', why: 'is not allowed to make this call; grant its user or role the permission, or use another key' },
};

/** Where a catalog call goes: the clients of the call's region and endpoints with its credential. */
function callClients(call: CatalogCall): { clients: AwsClients; region: string | undefined } {
  const parsed = CallPlatformSchema.safeParse(call.platform ?? {});
  if (!parsed.success) {
    throw new InputError(
      'the platform section of the call is invalid',
      problemsFromZod(parsed.error).map((p) => ({ ...p, path: `platform.${p.path}` })),
    );
  }
  const region = parsed.data.region;
  return { clients: awsClientsFor(region ?? DEFAULT_REGION, parsed.data.endpoints ?? {}, call.credential), region };
}

/**
 * A failed catalog call as the error the service answers: a refused credential is an
 * `InputError` naming the field to fix; an endpoint that does not answer, or answers with a
 * fault, a `ProviderError`. Messages never carry a secret value of the credential.
 */
function catalogError(what: string, error: unknown, credential: Credential | undefined): Error {
  if (error instanceof InputError) return error;
  const code = awsCode(error) ?? 'error';
  const clean = (text: string) => withoutSecrets(text, credential, AWS_CREDENTIAL_KINDS);
  const message = clean((error as Error | undefined)?.message ?? String(error));
  const status = (error as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode;
  const refused = REFUSED[code];
  if (refused && status !== undefined) {
    const path = credential ? `values.${refused.field}` : 'credential';
    return new InputError(`${what}: AWS refused the credential (${code}: ${message})`, [
      { path, message: credential ? refused.why : `the default credential chain's key: ${refused.why}` },
    ]);
  }
  if (status === undefined) {
    return new ProviderError(`${what}: AWS did not answer (${code}: ${message}); check the endpoint and the network`, { retryable: true });
  }
  return new ProviderError(`${what}: ${code}: ${message}`, { retryable: status === 429 || status >= 500 });
}

async function attempt<T>(what: string, call: CatalogCall, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw catalogError(what, error, call.credential);
  }
}

const byValue = (a: LookupItem, b: LookupItem) => a.value.localeCompare(b.value);

/** The lookups the AWS catalog answers, each with its credential and the call's platform section. */
const LOOKUPS: Record<string, (call: CatalogCall) => Promise<LookupItem[]>> = {
  async regions(call) {
    const { clients } = callClients(call);
    const res = await attempt('listing regions', call, () => clients.ec2.send(new DescribeRegionsCommand({}), { abortSignal: call.signal }));
    return (res.Regions ?? []).map((r) => ({ value: r.RegionName ?? '', title: r.RegionName ?? '' })).sort(byValue);
  },
  async zones(call) {
    const { clients, region } = callClients(call);
    if (!region) throw new InputError('the zones lookup needs a region', [{ path: 'platform.region', message: 'is required: choose a region first' }]);
    const res = await attempt(`listing the zones of ${region}`, call, () =>
      clients.ec2.send(new DescribeAvailabilityZonesCommand({ AllAvailabilityZones: false }), { abortSignal: call.signal }),
    );
    return (res.AvailabilityZones ?? [])
      .filter((z) => z.State === 'available' && z.ZoneType !== 'local-zone' && z.ZoneType !== 'wavelength-zone')
      .map((z) => ({ value: z.ZoneName ?? '', title: z.ZoneId ? `${z.ZoneName} (${z.ZoneId})` : (z.ZoneName ?? '') }))
      .sort(byValue);
  },
  async 'instance-types'(call) {
    const { clients, region } = callClients(call);
    if (!region) throw new InputError('the instance-types lookup needs a region', [{ path: 'platform.region', message: 'is required: choose a region first' }]);
    return attempt(`listing the instance types of ${region}`, call, async () => {
      const types = new Set<string>();
      const pages = paginateDescribeInstanceTypeOfferings({ client: clients.ec2, pageSize: 1000 }, { LocationType: 'region' });
      for await (const page of pages) for (const o of page.InstanceTypeOfferings ?? []) if (o.InstanceType) types.add(o.InstanceType);
      return [...types].sort().map((t) => ({ value: t, title: t }));
    });
  },
  async 'hosted-zones'(call) {
    const { clients } = callClients(call);
    return attempt('listing the Route 53 hosted zones', call, async () => {
      const items: LookupItem[] = [];
      for await (const page of paginateListHostedZones({ client: clients.route53 }, {})) {
        for (const z of page.HostedZones ?? []) {
          // baseDomain must be a public zone: the API is published there.
          if (z.Config?.PrivateZone) continue;
          const name = (z.Name ?? '').replace(/\.$/, '');
          items.push({ value: name, title: `${name} (${z.ResourceRecordSetCount ?? 0} records)` });
        }
      }
      return items.sort(byValue);
    });
  },
};

async function verifyCredential(credential: Credential, call: CatalogCall): Promise<CredentialIdentity> {
  sdkCredentials(credential);
  const { clients } = callClients({ ...call, credential });
  const who = await attempt('verifying the AWS access key', { ...call, credential }, () =>
    clients.sts.send(new GetCallerIdentityCommand({}), { abortSignal: call.signal }),
  );
  const account = who.Account ?? '';
  const principal = who.Arn ?? '';
  return { account, principal, display: `${principal} in ${account}` };
}

/** What a form needs of AWS before there is a cluster. */
export const awsCatalog: DriverCatalog = {
  title: 'Amazon Web Services',
  credentialKinds: AWS_CREDENTIAL_KINDS,
  lookups: Object.keys(LOOKUPS),
  machineTypes: MACHINE_TYPES.map((size) => {
    const { name, vcpus, memoryGiB } = MACHINE_TYPE_TABLE.aws[size];
    return { size, type: name, cpus: vcpus, memoryGiB };
  }),
  prices: AWS_PRICES,
  verifyCredential,
  async lookup(name, call) {
    const lookup = LOOKUPS[name];
    if (!lookup) throw new InputError(`AWS has no lookup ${name}`, [{ path: 'lookup', message: `must be one of ${Object.keys(LOOKUPS).join(', ')}` }]);
    return lookup(call);
  },
  estimate: awsEstimate,
};

import { ComputeManagementClient } from '@azure/arm-compute';
import { DnsManagementClient } from '@azure/arm-dns';
import type { TokenCredential } from '@azure/core-auth';
import { AZURE_CLOUD_NAMES, MACHINE_TYPE_TABLE, MACHINE_TYPES } from '@strata/cluster-config';
import {
  credentialValues,
  withoutSecrets,
  type CatalogCall,
  type Credential,
  type CredentialIdentity,
  type DriverCatalog,
  type LookupItem,
} from '@strata/driver-api';
import { InputError, ProviderError, problemsFromZod } from '@strata/errors';
import { z } from 'zod';
import { parseId } from './arm';
import { AZURE_CLOUDS, AZURE_CREDENTIAL_KINDS, azureCredential, endpointsOf, servicePrincipalCredential } from './clients';
import { armStatus, providerError } from './errors';
import { AZURE_PRICES, azureEstimate } from './prices';

/** The api-version of the Subscriptions API read here (GET /subscriptions/{id} and its locations). */
export const SUBSCRIPTIONS_API_VERSION = '2022-12-01';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The part of `spec.platform.azure` a catalog call reads. */
const CallPlatformSchema = z.looseObject({
  subscriptionId: z.string().regex(UUID, 'must be a UUID').optional(),
  tenantId: z.string().regex(UUID, 'must be a UUID').optional(),
  location: z
    .string()
    .regex(/^[a-z0-9]+$/, 'must be an Azure location name such as westeurope (lowercase, no spaces)')
    .optional(),
  cloudName: z.enum(AZURE_CLOUD_NAMES).default('AzurePublicCloud'),
  endpoints: z.object({ resourceManager: z.url('must be an https URL').optional(), activeDirectory: z.url('must be an https URL').optional() }).default({}),
});

/** Where a catalog call goes and with what: endpoints, token credential and scope, subscription. */
interface CallTarget {
  resourceManager: string;
  scope: string;
  credential: TokenCredential;
  subscriptionId: string;
  location: string | undefined;
}

function target(call: CatalogCall): CallTarget {
  const parsed = CallPlatformSchema.safeParse(call.platform ?? {});
  if (!parsed.success) {
    throw new InputError(
      'the platform section of the call is invalid',
      problemsFromZod(parsed.error).map((p) => ({ ...p, path: `platform.${p.path}` })),
    );
  }
  const config = parsed.data;
  const subscriptionId = call.credential?.values['subscriptionId']?.trim() || config.subscriptionId;
  if (!subscriptionId)
    throw new InputError('the call needs a subscription', [{ path: 'platform.subscriptionId', message: 'is required without a stored credential naming one' }]);
  const { credential } = call.credential ? servicePrincipalCredential(config, call.credential) : azureCredential(config);
  return {
    resourceManager: endpointsOf(config).resourceManager,
    // Tokens are for the cloud's Resource Manager audience, also when its address is overridden.
    scope: `${AZURE_CLOUDS[config.cloudName].resourceManager}/.default`,
    credential,
    subscriptionId,
    location: config.location,
  };
}

/**
 * Microsoft Entra sign-in error codes that mean a field of the credential is wrong.
 * https://learn.microsoft.com/entra/identity-platform/reference-error-codes
 */
const SIGN_IN_CODES: Record<string, { field: string; why: string }> = {
  '7000215': { field: 'clientSecret', why: 'is not a valid secret of this application; paste the secret value (not its ID) or create a new secret' },
  '7000222': { field: 'clientSecret', why: 'has expired; create a new client secret for the application and store it' },
  '700016': { field: 'clientId', why: 'names no application in this tenant; copy the application (client) ID of the service principal' },
  '90002': { field: 'tenantId', why: 'names no tenant; copy the directory (tenant) ID of the service principal' },
  '900023': { field: 'tenantId', why: 'is not a valid tenant ID; copy the directory (tenant) ID of the service principal' },
};

/** ARM answers that refuse the credential for the subscription. */
function refusedByArm(status: number | undefined, code: string | undefined): { field: string; why: string } | undefined {
  if (status === 404 || code === 'SubscriptionNotFound')
    return { field: 'subscriptionId', why: 'is not a subscription this service principal can see; check the ID or grant it a role there' };
  if (status === 403 || code === 'AuthorizationFailed')
    return { field: 'clientId', why: 'has no role on the subscription that allows this read; assign it Reader (or Contributor to install)' };
  if (status === 401 || code === 'InvalidAuthenticationToken')
    return { field: 'tenantId', why: 'is not the tenant of the subscription; use the tenant the subscription belongs to' };
  return undefined;
}

function refusal(what: string, detail: string, credential: Credential | undefined, refused: { field: string; why: string }): InputError {
  return new InputError(`${what}: Azure refused the credential (${detail})`, [
    credential
      ? { path: `values.${refused.field}`, message: refused.why }
      : { path: 'credential', message: `the environment's credential: ${refused.field} ${refused.why}` },
  ]);
}

async function token(what: string, t: CallTarget, call: CatalogCall): Promise<string> {
  try {
    const got = await t.credential.getToken(t.scope, call.signal ? { abortSignal: call.signal } : {});
    if (!got) throw new Error('no token was issued');
    return got.token;
  } catch (error) {
    const message = withoutSecrets((error as Error).message, call.credential, AZURE_CREDENTIAL_KINDS);
    const code = /AADSTS(\d+)/.exec(message)?.[1];
    if (code)
      return Promise.reject(refusal(what, `AADSTS${code}`, call.credential, SIGN_IN_CODES[code] ?? { field: 'clientSecret', why: 'was refused at sign-in' }));
    throw new ProviderError(`${what}: could not reach the sign-in endpoint (${message}); check the endpoint and the network`, { retryable: true });
  }
}

/** GET of an ARM path with a bearer token, following `nextLink` for lists (`value`). */
async function armGet<T>(what: string, t: CallTarget, call: CatalogCall, path: string): Promise<T> {
  const bearer = await token(what, t, call);
  let res: Response;
  try {
    res = await fetch(`${t.resourceManager}${path}`, {
      headers: { authorization: `Bearer ${bearer}`, accept: 'application/json' },
      signal: call.signal ?? null,
    });
  } catch (error) {
    throw new ProviderError(`${what}: Azure Resource Manager at ${t.resourceManager} did not answer (${(error as Error).message})`, { retryable: true });
  }
  const body = (await res.json().catch(() => ({}))) as { error?: { code?: string; message?: string } };
  if (res.ok) return body as T;
  const code = body.error?.code;
  const refused = refusedByArm(res.status, code);
  const detail = `${code ?? `HTTP ${res.status}`}: ${withoutSecrets(body.error?.message ?? '', call.credential, AZURE_CREDENTIAL_KINDS)}`;
  if (refused) throw refusal(what, detail, call.credential, refused);
  throw new ProviderError(`${what}: ${detail}`, { retryable: res.status === 429 || res.status >= 500 });
}

/** An SDK list as lookup items, its refusals as the credential's fault. */
async function sdkList<T>(what: string, call: CatalogCall, list: () => AsyncIterable<T>, item: (value: T) => LookupItem | undefined): Promise<LookupItem[]> {
  try {
    const items: LookupItem[] = [];
    for await (const value of list()) {
      const found = item(value);
      if (found) items.push(found);
    }
    return items.sort((a, b) => a.value.localeCompare(b.value));
  } catch (error) {
    if (error instanceof InputError || error instanceof ProviderError) throw error;
    const message = withoutSecrets((error as Error).message, call.credential, AZURE_CREDENTIAL_KINDS);
    const code = /AADSTS(\d+)/.exec(message)?.[1];
    if (code) throw refusal(what, `AADSTS${code}`, call.credential, SIGN_IN_CODES[code] ?? { field: 'clientSecret', why: 'was refused at sign-in' });
    const refused = refusedByArm(armStatus(error), (error as { code?: string }).code);
    if (refused) throw refusal(what, message, call.credential, refused);
    const failure = providerError(what, error);
    throw new ProviderError(withoutSecrets(failure.message, call.credential, AZURE_CREDENTIAL_KINDS), { retryable: failure.retryable });
  }
}

const clientOptions = (t: CallTarget) => ({ endpoint: t.resourceManager, credentialScopes: [t.scope], retryOptions: { maxRetries: 0 } });

interface ArmLocation {
  name?: string;
  displayName?: string;
  regionalDisplayName?: string;
  metadata?: { regionType?: string };
}

/** The lookups the Azure catalog answers, each with its credential and the call's platform section. */
const LOOKUPS: Record<string, (call: CatalogCall) => Promise<LookupItem[]>> = {
  async locations(call) {
    const t = target(call);
    const items: LookupItem[] = [];
    let path: string | undefined = `/subscriptions/${t.subscriptionId}/locations?api-version=${SUBSCRIPTIONS_API_VERSION}`;
    while (path) {
      const page: { value?: ArmLocation[]; nextLink?: string } = await armGet('listing the locations', t, call, path);
      for (const l of page.value ?? []) {
        // Logical regions (geographies such as "europe") take no resources.
        if (!l.name || l.metadata?.regionType === 'Logical') continue;
        items.push({ value: l.name, title: l.displayName ?? l.regionalDisplayName ?? l.name });
      }
      path = page.nextLink ? page.nextLink.replace(t.resourceManager, '') : undefined;
    }
    return items.sort((a, b) => a.value.localeCompare(b.value));
  },
  async 'vm-sizes'(call) {
    const t = target(call);
    const location = t.location;
    if (!location)
      throw new InputError('the vm-sizes lookup needs a location', [{ path: 'platform.location', message: 'is required: choose a location first' }]);
    const compute = new ComputeManagementClient(t.credential, t.subscriptionId, {
      endpoint: t.resourceManager,
      credentials: { scopes: [t.scope] },
      retryOptions: { maxRetries: 0 },
    });
    const capability = (caps: Array<{ name?: string; value?: string }> | undefined, name: string) => caps?.find((c) => c.name === name)?.value;
    return sdkList(
      `listing the VM sizes of ${location}`,
      call,
      () => compute.resourceSkus.list({ filter: `location eq '${location}'` }),
      (sku) => {
        const here = (sku.locations ?? []).some((l) => l.toLowerCase() === location);
        const restricted = (sku.restrictions ?? []).some((r) => r.type === 'Location');
        if (sku.resourceType !== 'virtualMachines' || !sku.name || !here || restricted) return undefined;
        return {
          value: sku.name,
          title: `${sku.name} (${capability(sku.capabilities, 'vCPUs') ?? '?'} vCPUs, ${capability(sku.capabilities, 'MemoryGB') ?? '?'} GiB)`,
        };
      },
    );
  },
  async 'dns-zones'(call) {
    const t = target(call);
    const dns = new DnsManagementClient(t.credential, t.subscriptionId, clientOptions(t));
    return sdkList(
      'listing the DNS zones',
      call,
      () => dns.zones.list(),
      (zone) => {
        // baseDomain must be a public zone: the API is published there.
        if (!zone.name || (zone.zoneType ?? 'Public') !== 'Public') return undefined;
        return { value: zone.name, title: `${zone.name} (resource group ${parseId(zone.id ?? '').resourceGroup})` };
      },
    );
  },
};

async function verifyCredential(credential: Credential, call: CatalogCall): Promise<CredentialIdentity> {
  credentialValues(AZURE_CREDENTIAL_KINDS, credential);
  const t = target({ ...call, credential });
  const sub = await armGet<{ subscriptionId?: string; displayName?: string; state?: string }>(
    'verifying the Azure service principal',
    t,
    { ...call, credential },
    `/subscriptions/${t.subscriptionId}?api-version=${SUBSCRIPTIONS_API_VERSION}`,
  );
  const account = sub.subscriptionId ?? t.subscriptionId;
  const principal = credential.values['clientId']?.trim() ?? '';
  if (sub.state && !['Enabled', 'PastDue'].includes(sub.state)) {
    throw new InputError(`subscription ${account} is ${sub.state}`, [
      { path: 'values.subscriptionId', message: `is ${sub.state}; it takes no new resources, choose an enabled subscription` },
    ]);
  }
  return { account, principal, display: `service principal ${principal} in ${sub.displayName ? `${sub.displayName} (${account})` : account}` };
}

/** What a form needs of Azure before there is a cluster. */
export const azureCatalog: DriverCatalog = {
  title: 'Microsoft Azure',
  credentialKinds: AZURE_CREDENTIAL_KINDS,
  lookups: Object.keys(LOOKUPS),
  machineTypes: MACHINE_TYPES.map((size) => {
    const { name, vcpus, memoryGiB } = MACHINE_TYPE_TABLE.azure[size];
    return { size, type: name, cpus: vcpus, memoryGiB };
  }),
  prices: AZURE_PRICES,
  verifyCredential,
  async lookup(name, call) {
    const lookup = LOOKUPS[name];
    if (!lookup) throw new InputError(`Azure has no lookup ${name}`, [{ path: 'lookup', message: `must be one of ${Object.keys(LOOKUPS).join(', ')}` }]);
    return lookup(call);
  },
  estimate: azureEstimate,
};
